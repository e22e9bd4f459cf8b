package dev.mnemos.memory.postgres;

import dev.mnemos.memory.archival.ArchivalQuery;

/** The native SQL of an archival search on pgvector: the filters and the ordering by cosine distance. */
final class ArchivalSql {

    private static final String FILTER = " FROM passages p WHERE p.organization = :organization AND p.agent = :agent";

    private static final String FROM = " AND p.created_ns >= :from";

    private static final String TO = " AND p.created_ns < :to";

    private static final String TAGS = " AND EXISTS (SELECT 1 FROM passage_tags t WHERE t.organization = p.organization"
            + " AND t.agent = p.agent AND t.passage_id = p.id AND t.tag IN (:tags))";

    private ArchivalSql() {}

    /** The best {@code :limit} after {@code :offset} by cosine distance, with their similarity. */
    static String nearest(ArchivalQuery query, int dimension) {
        String distance = VectorColumn.indexed(dimension) + " <=> cast(:query as vector(" + dimension + "))";
        return "SELECT p.row_id, 1 - (" + distance + ")" + filter(query) + " ORDER BY " + distance + " LIMIT :limit OFFSET :offset";
    }

    private static String filter(ArchivalQuery query) {
        return FILTER + (query.from() == null ? "" : FROM) + (query.to() == null ? "" : TO) + (query.tags().isEmpty() ? "" : TAGS);
    }
}
