package dev.mnemos.memory.sqlite;

import static dev.mnemos.memory.sqlite.Columns.instant;
import static dev.mnemos.memory.sqlite.Columns.micros;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Recall storage in the embedded engine: the messages table, searched through FTS5 with bm25 ranking. */
final class SqliteRecallStore implements RecallStore {

    private static final String COLUMNS =
            "m.id, m.sequence, m.role, m.content, m.tool_calls, m.tool_call_id, m.tool_name, m.created_at, m.step_id";
    /** What unicode61 treats as separators: anything that is not a letter, a digit or a mark. */
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");

    /** The most matches a text search ranks (about a millisecond of bm25 per thousand); see {@link #rank}. */
    static final int RANKED_MATCHES = 5000;

    private final SqliteExecutor executor;

    SqliteRecallStore(SqliteExecutor executor) {
        this.executor = executor;
    }

    @Override
    public Uni<List<Message>> append(AgentKey agent, List<Message> messages) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return append(connection, agent, messages);
        });
    }

    @Override
    public Uni<RecallPage> search(AgentKey agent, RecallQuery query) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return query.text() == null ? list(connection, agent, query) : match(connection, agent, query);
        });
    }

    @Override
    public Uni<List<Message>> byIds(AgentKey agent, List<String> ids) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Map<String, Message> found = find(connection, agent, ids);
            return ids.stream().map(found::get).filter(m -> m != null).toList();
        });
    }

    @Override
    public Uni<Long> count(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return lastSequence(connection, agent);
        });
    }

    @Override
    public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return AgentScope.newest(connection, "messages", agent);
        });
    }

    /**
     * Appends the messages whose ids are new, in order, and produces all of them as stored. Every
     * content is checked before the first row is written.
     */
    static List<Message> append(Connection connection, AgentKey agent, List<Message> messages) throws SQLException {
        for (Message message : messages) {
            check(message);
        }
        long number = MessageRowIds.number(connection, agent);
        Map<String, Message> stored = find(connection, agent, messages.stream().map(Message::id).toList());
        long sequence = lastSequence(connection, agent);
        List<Message> result = new ArrayList<>(messages.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (organization, agent, id, sequence, role, content, tool_calls, tool_call_id, tool_name,"
                        + " created_at, step_id, row_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Message message : messages) {
                Message existing = stored.get(message.id());
                if (existing != null) {
                    result.add(existing);
                    continue;
                }
                Message added = message.withSequence(++sequence);
                insert.setString(1, agent.organization());
                insert.setString(2, agent.agent());
                insert.setString(3, added.id());
                insert.setLong(4, added.sequence());
                insert.setString(5, added.role().name());
                insert.setString(6, added.content());
                insert.setString(7, Columns.toolCalls(added.toolCalls()));
                insert.setString(8, added.toolCallId());
                insert.setString(9, added.toolName());
                insert.setLong(10, micros(added.createdAt()));
                insert.setString(11, added.stepId());
                insert.setLong(12, MessageRowIds.of(number, added.sequence()));
                insert.executeUpdate();
                stored.put(added.id(), added);
                result.add(added);
            }
        }
        return result;
    }

    /**
     * The FTS5 expression that matches every word of {@code text} literally: each word becomes a
     * quoted string, so operators ({@code OR}, {@code NEAR}, {@code *}, column filters) and quotes
     * in the user's text are only words. Empty when the text has no word at all.
     */
    static Optional<String> literalWords(String text) {
        String expression = SEPARATORS.splitAsStream(text)
                .filter(word -> !word.isEmpty())
                .map(word -> "\"" + word.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(" "));
        return expression.isEmpty() ? Optional.empty() : Optional.of(expression);
    }

    private static RecallPage match(Connection connection, AgentKey agent, RecallQuery query) throws SQLException {
        Optional<String> expression = literalWords(query.text());
        if (expression.isEmpty()) {
            return new RecallPage(List.of(), 0);
        }
        long number = MessageRowIds.number(connection, agent);
        Filter filter = Filter.of(agent, query);
        return filter.onlyAgent() ? rank(connection, agent, query, expression.get(), number)
                : rankFiltered(connection, query, expression.get(), number, filter);
    }

    /**
     * A text search with no other criterion, entirely inside FTS5: the match is restricted to the
     * agent's range of row ids, counted, and ranked by bm25 without reading the messages table;
     * then only the page's rows are read. bm25 costs about a microsecond a match, so when more
     * than {@link #RANKED_MATCHES} messages match, only the newest of them are ranked (and at
     * least enough to fill the page); the total still counts every match.
     */
    private static RecallPage rank(Connection connection, AgentKey agent, RecallQuery query, String expression, long number)
            throws SQLException {
        long total;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?")) {
            select.setString(1, expression);
            select.setLong(2, MessageRowIds.first(number));
            select.setLong(3, MessageRowIds.last(number));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
        }
        if (total <= query.offset()) {
            return new RecallPage(List.of(), total);
        }
        String direction = query.order() == RecallQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        String matches = "SELECT rowid AS row_id, bm25(messages_fts) AS score FROM messages_fts WHERE messages_fts MATCH ?"
                + " AND rowid BETWEEN ? AND ?";
        int window = Math.max(RANKED_MATCHES, query.offset() + query.limit());
        if (total > window) {
            // FTS5 walks its rows newest first and stops after the window: bm25 runs only for those.
            matches = "SELECT row_id, score FROM (" + matches + " ORDER BY rowid DESC LIMIT " + window + ")";
        }
        List<Long> page = new ArrayList<>(query.limit());
        try (PreparedStatement select = connection.prepareStatement(matches + " ORDER BY score, row_id " + direction + " LIMIT ? OFFSET ?")) {
            select.setString(1, expression);
            select.setLong(2, MessageRowIds.first(number));
            select.setLong(3, MessageRowIds.last(number));
            select.setInt(4, query.limit());
            select.setInt(5, query.offset());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(rows.getLong(1));
                }
            }
        }
        return new RecallPage(byRowIds(connection, agent, page), total);
    }

    /**
     * A text search with dates or roles too: the agent's matches are ranked in FTS5 and joined
     * with their rows to apply the other criteria, so every match of the agent is read.
     */
    private static RecallPage rankFiltered(Connection connection, RecallQuery query, String expression, long number, Filter filter)
            throws SQLException {
        String direction = query.order() == RecallQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        // bm25() only works in a plain query of the FTS table: rank there, then join and filter. CROSS JOIN keeps
        // the matches as the outer loop. The page is chosen from narrow rows; only its rows are then read whole.
        String order = "score, sequence " + direction;
        String sql = "WITH hits AS MATERIALIZED (SELECT rowid AS row_id, bm25(messages_fts) AS score FROM messages_fts"
                + " WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?), page AS MATERIALIZED (SELECT h.row_id, h.score, m.sequence,"
                + " count(*) OVER () AS total FROM hits h CROSS JOIN messages m ON m.row_id = h.row_id WHERE " + filter.where
                + " ORDER BY " + order + " LIMIT ? OFFSET ?) SELECT " + COLUMNS + ", p.total FROM page p"
                + " CROSS JOIN messages m ON m.row_id = p.row_id ORDER BY p." + order.replace(", ", ", p.");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            select.setString(index++, expression);
            select.setLong(index++, MessageRowIds.first(number));
            select.setLong(index++, MessageRowIds.last(number));
            index = filter.bind(select, index);
            select.setInt(index++, query.limit());
            select.setInt(index, query.offset());
            List<Message> messages = new ArrayList<>();
            long total = -1;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(message(rows));
                    total = rows.getLong("total");
                }
            }
            return new RecallPage(messages, total >= 0 ? total : countMatches(connection, expression, number, filter));
        }
    }

    private static long countMatches(Connection connection, String expression, long number, Filter filter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM messages_fts f CROSS JOIN messages m"
                + " ON m.row_id = f.rowid WHERE messages_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND " + filter.where)) {
            select.setString(1, expression);
            select.setLong(2, MessageRowIds.first(number));
            select.setLong(3, MessageRowIds.last(number));
            filter.bind(select, 4);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The agent's messages of {@code rowIds}, in that order. */
    private static List<Message> byRowIds(Connection connection, AgentKey agent, List<Long> rowIds) throws SQLException {
        if (rowIds.isEmpty()) {
            return List.of();
        }
        Map<Long, Message> found = new HashMap<>();
        String marks = String.join(", ", java.util.Collections.nCopies(rowIds.size(), "?"));
        // The unary + keeps organization and agent out of index choice: on them, the planner would walk the
        // agent's whole history in messages_by_time (90 ms at 1,000,000 messages) instead of ten row ids.
        try (PreparedStatement select = connection.prepareStatement("SELECT m.row_id, " + COLUMNS + " FROM messages m"
                + " WHERE m.row_id IN (" + marks + ") AND +m.organization = ? AND +m.agent = ?")) {
            for (int i = 0; i < rowIds.size(); i++) {
                select.setLong(1 + i, rowIds.get(i));
            }
            select.setString(rowIds.size() + 1, agent.organization());
            select.setString(rowIds.size() + 2, agent.agent());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getLong(1), message(rows));
                }
            }
        }
        return rowIds.stream().map(found::get).filter(m -> m != null).toList();
    }

    private static RecallPage list(Connection connection, AgentKey agent, RecallQuery query) throws SQLException {
        String direction = query.order() == RecallQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        Filter filter = Filter.of(agent, query);
        List<Message> messages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM messages m WHERE " + filter.where
                + " ORDER BY m.created_at " + direction + ", m.sequence " + direction + " LIMIT ? OFFSET ?")) {
            int index = filter.bind(select, 1);
            select.setInt(index++, query.limit());
            select.setInt(index, query.offset());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(message(rows));
                }
            }
        }
        long total;
        if (filter.onlyAgent()) {
            // Sequences are dense per agent: the last one is the count, without a scan.
            total = lastSequence(connection, agent);
        } else {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM messages m WHERE " + filter.where)) {
                filter.bind(select, 1);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
        }
        return new RecallPage(messages, total);
    }

    /** The WHERE clause of a query's agent, dates and roles, and its parameters. */
    private record Filter(String where, List<Object> parameters) {

        static Filter of(AgentKey agent, RecallQuery query) {
            StringBuilder where = new StringBuilder("m.organization = ? AND m.agent = ?");
            List<Object> parameters = new ArrayList<>(List.of(agent.organization(), agent.agent()));
            if (query.from() != null) {
                where.append(" AND m.created_at >= ?");
                parameters.add(Columns.bound(query.from()));
            }
            if (query.to() != null) {
                where.append(" AND m.created_at < ?");
                parameters.add(Columns.bound(query.to()));
            }
            if (!query.roles().isEmpty()) {
                where.append(" AND m.role IN (").append(String.join(", ", query.roles().stream().map(r -> "?").toList())).append(")");
                query.roles().stream().map(Role::name).sorted().forEach(parameters::add);
            }
            return new Filter(where.toString(), parameters);
        }

        boolean onlyAgent() {
            return parameters.size() == 2;
        }

        int bind(PreparedStatement statement, int first) throws SQLException {
            int index = first;
            for (Object parameter : parameters) {
                statement.setObject(index++, parameter);
            }
            return index;
        }
    }

    private static long lastSequence(Connection connection, AgentKey agent) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(max(sequence), 0) FROM messages WHERE organization = ? AND agent = ?")) {
            select.setString(1, agent.organization());
            select.setString(2, agent.agent());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The stored messages among {@code ids}, by id; looked up in chunks, as a batch append asks for a thousand at once. */
    private static Map<String, Message> find(Connection connection, AgentKey agent, List<String> ids) throws SQLException {
        Map<String, Message> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM messages m WHERE m.organization = ? AND m.agent = ? AND m.id IN (" + marks + ")")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(3 + i, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Message message = message(rows);
                        found.put(message.id(), message);
                    }
                }
            }
        }
        return found;
    }

    private static void check(Message message) {
        StoredText.check(message);
        micros(message.createdAt());
    }

    private static Message message(ResultSet rows) throws SQLException {
        return new Message(rows.getString("id"), Role.valueOf(rows.getString("role")), rows.getString("content"),
                Columns.toolCalls(rows.getString("tool_calls")), rows.getString("tool_call_id"), rows.getString("tool_name"),
                instant(rows.getLong("created_at")), rows.getString("step_id"), rows.getLong("sequence"));
    }
}
