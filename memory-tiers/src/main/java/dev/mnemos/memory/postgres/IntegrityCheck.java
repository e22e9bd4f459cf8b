package dev.mnemos.memory.postgres;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's own consistency check (PostgreSQL keeps its pages consistent itself; this checks
 * what mnemos promises on top): each query names a broken invariant and produces the rows that break it.
 */
final class IntegrityCheck {

    private record Invariant(String problem, String sql) {}

    private static final List<Invariant> INVARIANTS = List.of(
            new Invariant("messages of an agent are not numbered 1..n", """
                    SELECT a.organization || '/' || a.agent FROM agents a
                    LEFT JOIN (SELECT organization, agent, count(*) AS n, max(sequence) AS top FROM messages GROUP BY organization, agent) m
                      ON m.organization = a.organization AND m.agent = a.agent
                    WHERE coalesce(m.n, 0) <> a.last_sequence OR coalesce(m.top, 0) <> a.last_sequence"""),
            new Invariant("a block has no stored version for its current value", """
                    SELECT b.organization || '/' || b.agent || ' ' || b.label FROM blocks b
                    WHERE NOT EXISTS (SELECT 1 FROM block_versions v WHERE v.organization = b.organization AND v.agent = b.agent
                      AND v.label = b.label AND v.version = b.version AND v.value = b.value)"""),
            new Invariant("a row belongs to no agent", """
                    SELECT t.organization || '/' || t.agent FROM (
                      SELECT organization, agent FROM blocks UNION SELECT organization, agent FROM messages
                      UNION SELECT organization, agent FROM passages UNION SELECT organization, agent FROM interrupts
                      UNION SELECT organization, agent FROM steps) t
                    WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.organization = t.organization AND a.agent = t.agent)"""),
            new Invariant("a passage's embedding does not have the store's dimension", """
                    SELECT p.organization || '/' || p.agent || ' ' || p.id FROM passages p, embedding_space s
                    WHERE length(p.embedding) <> 4 * s.dimension"""),
            new Invariant("a tag names a missing passage", """
                    SELECT t.organization || '/' || t.agent || ' ' || t.passage_id FROM passage_tags t
                    WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.organization = t.organization AND p.agent = t.agent AND p.id = t.passage_id)"""));

    private IntegrityCheck() {}

    static Uni<List<String>> run(Sessions sessions) {
        return sessions.withSession(session -> Multi.createFrom().iterable(INVARIANTS)
                .onItem().transformToUniAndConcatenate(invariant -> session.createNativeQuery(invariant.sql() + " LIMIT 20", String.class)
                        .getResultList()
                        .map(rows -> rows.stream().map(row -> invariant.problem() + ": " + row).toList()))
                .collect().in(ArrayList<String>::new, List::addAll)
                .map(List::copyOf));
    }
}
