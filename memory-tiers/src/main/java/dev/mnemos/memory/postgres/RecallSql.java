package dev.mnemos.memory.postgres;

import dev.mnemos.memory.recall.RecallQuery;

/**
 * The native SQL of a recall search. Full text goes through {@code plainto_tsquery}, which reads
 * every character of the user's text as literal words (no operators), and is ranked by
 * {@code ts_rank}; the tie-break and the order without text follow the history's sequence.
 */
final class RecallSql {

    private static final String COLUMNS = "m.row_id, m.organization, m.agent, m.id, m.sequence, m.role, m.content, "
            + "m.tool_calls, m.tool_call_id, m.tool_name, m.step_id, m.created_ns";

    private static final String FILTER = " FROM messages m WHERE m.organization = :organization AND m.agent = :agent";

    private static final String FROM = " AND m.created_ns >= :from";

    private static final String TO = " AND m.created_ns < :to";

    private static final String ROLES = " AND m.role IN (:roles)";

    private static final String TEXT = " AND m.search @@ plainto_tsquery('simple', :text)";

    private RecallSql() {}

    static String page(RecallQuery query) {
        String direction = query.order() == RecallQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        String order = query.text() == null
                ? " ORDER BY m.sequence " + direction
                : " ORDER BY ts_rank(m.search, plainto_tsquery('simple', :text)) DESC, m.sequence " + direction;
        return "SELECT " + COLUMNS + filter(query) + order + " LIMIT :limit OFFSET :offset";
    }

    static String count(RecallQuery query) {
        return "SELECT count(*)" + filter(query);
    }

    private static String filter(RecallQuery query) {
        // Only the criteria given: an always-true range would tempt the planner onto the date index.
        return FILTER + (query.from() == null ? "" : FROM) + (query.to() == null ? "" : TO)
                + (query.roles().isEmpty() ? "" : ROLES) + (query.text() == null ? "" : TEXT);
    }
}
