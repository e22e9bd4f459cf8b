package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** {@link RecallStore} on {@code messages}, searched through its generated {@code tsvector} and GIN index. */
final class PostgresRecallStore implements RecallStore {

    private final Sessions sessions;

    PostgresRecallStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<List<Message>> append(AgentKey agent, List<Message> messages) {
        if (messages.isEmpty()) {
            return sessions.withSession(session -> AgentRows.require(session, agent)).replaceWith(List.of());
        }
        return sessions.withTransaction(session -> AgentRows.lock(session, agent).chain(row -> RecallWrites.append(session, row, messages)));
    }

    @Override
    public Uni<RecallPage> search(AgentKey agent, RecallQuery query) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> {
            Mutiny.SelectionQuery<MessageRow> page = bind(session.createNativeQuery(RecallSql.page(query), MessageRow.class), agent, query);
            page.setParameter("limit", query.limit()).setParameter("offset", query.offset());
            Mutiny.SelectionQuery<Long> count = bind(session.createNativeQuery(RecallSql.count(query), Long.class), agent, query);
            return page.getResultList().chain(rows -> count.getSingleResult()
                    .map(total -> new RecallPage(rows.stream().map(MessageRow::toMessage).toList(), total)));
        }));
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> sql, AgentKey agent, RecallQuery query) {
        sql.setParameter("organization", agent.organization()).setParameter("agent", agent.agent());
        if (query.from() != null) {
            sql.setParameter("from", EpochNanos.bound(query.from()));
        }
        if (query.to() != null) {
            sql.setParameter("to", EpochNanos.bound(query.to()));
        }
        if (!query.roles().isEmpty()) {
            sql.setParameter("roles", query.roles().stream().map(Role::name).sorted().toList());
        }
        if (query.text() != null) {
            sql.setParameter("text", searchable(query.text()));
        }
        return sql;
    }

    @Override
    public Uni<List<Message>> byIds(AgentKey agent, List<String> ids) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<MessageRow>of())
                        : session.createSelectionQuery(
                                        "from MessageRow where organization = :organization and agent = :agent and id in :ids", MessageRow.class)
                                .setParameter("organization", agent.organization())
                                .setParameter("agent", agent.agent())
                                .setParameter("ids", List.copyOf(new LinkedHashSet<>(ids)))
                                .getResultList()))
                .map(rows -> {
                    Map<String, Message> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(row.id, row.toMessage()));
                    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
                });
    }

    @Override
    public Uni<Long> count(AgentKey agent) {
        // Messages are only ever appended, so the newest sequence number is the count.
        return sessions.withSession(session -> AgentRows.require(session, agent)).map(row -> row.lastSequence);
    }

    @Override
    public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "select max(createdNs) from MessageRow where organization = :organization and agent = :agent", Long.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getSingleResultOrNull()))
                .map(nanos -> Optional.ofNullable(nanos).map(EpochNanos::instant));
    }

    /**
     * The search text with what no stored text can contain (NUL, lone surrogates) turned into
     * spaces: a search is never refused, and such characters match nothing anyway.
     */
    private static String searchable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
