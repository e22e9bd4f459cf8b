package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** Appends messages inside a transaction that holds the agent's row locked; shared by recall and step commits. */
final class RecallWrites {

    private RecallWrites() {}

    /**
     * Stores the messages whose ids are new at the end of the history and produces every given
     * message as stored (a known id produces the stored message, not the given one).
     */
    static Uni<List<Message>> append(Mutiny.Session session, AgentRow agent, List<Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        messages.forEach(StoredText::check);
        AgentKey key = agent.key();
        List<String> ids = messages.stream().map(Message::id).distinct().toList();
        return session.createSelectionQuery(
                        "from MessageRow where organization = :organization and agent = :agent and id in :ids", MessageRow.class)
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .setParameter("ids", ids)
                .getResultList()
                .chain(existing -> {
                    Map<String, Message> stored = new HashMap<>();
                    existing.forEach(row -> stored.put(row.id, row.toMessage()));
                    List<MessageRow> fresh = new ArrayList<>();
                    List<Message> produced = new ArrayList<>(messages.size());
                    for (Message message : messages) {
                        Message known = stored.get(message.id());
                        if (known == null) {
                            agent.lastSequence++;
                            MessageRow row = new MessageRow(key, message, agent.lastSequence);
                            fresh.add(row);
                            known = row.toMessage();
                            stored.put(message.id(), known);
                        }
                        produced.add(known);
                    }
                    return session.persistAll(fresh.toArray()).replaceWith(produced);
                });
    }
}
