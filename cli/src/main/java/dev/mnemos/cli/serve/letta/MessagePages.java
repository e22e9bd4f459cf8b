package dev.mnemos.cli.serve.letta;

import dev.mnemos.cli.serve.Agents;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.recall.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Letta's cursor pages over an agent's conversation (its user and assistant messages): {@code after}
 * and {@code before} name a message, and a page holds the messages that follow or precede it in the
 * page's {@code order}, nearest first. A client turning pages passes the last message's id as
 * {@code after}, or the first's as {@code before} to go back.
 */
final class MessagePages {

    private static final Set<Role> CONVERSATION = Set.of(Role.USER, Role.ASSISTANT);
    // Bounds on createdAt only narrow the scan; the cursor's sequence decides, so a coarse clock loses nothing.
    private static final Duration SLACK = Duration.ofMillis(1);

    private final RecallStore recall;
    private final AgentKey agent;

    MessagePages(RecallStore recall, AgentKey agent) {
        this.recall = recall;
        this.agent = agent;
    }

    /**
     * @param order {@code asc} (oldest first) or {@code desc} (newest first)
     * @throws IllegalArgumentException for a limit out of 1..1000, another order, or a cursor that names no message of the agent
     */
    List<Message> page(String before, String after, int limit, String order) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException("order must be asc or desc, got '" + order + "'");
        }
        boolean ascending = order.equals("asc");
        // In the page's order `after` lies behind and `before` ahead; in the history's order (ascending) they are bounds.
        Message lower = cursor(ascending ? after : before);
        Message upper = cursor(ascending ? before : after);
        // Scan away from the one cursor given, so the page holds the messages nearest to it.
        boolean scanUp = lower != null && upper == null || (lower == null) == (upper == null) && ascending;
        List<Message> page = scan(lower, upper, limit, scanUp);
        if (scanUp != ascending) {
            page = page.reversed();
        }
        return page;
    }

    private List<Message> scan(Message lower, Message upper, int limit, boolean up) {
        Instant from = lower == null ? null : lower.createdAt().minus(SLACK);
        Instant to = upper == null ? null : upper.createdAt().plus(SLACK);
        int size = Math.min(1000, limit + 50);
        List<Message> page = new ArrayList<>();
        for (int offset = 0; page.size() < limit; offset += size) {
            List<Message> batch = Agents.await(recall.search(agent, new RecallQuery(null, from, to, CONVERSATION,
                    up ? RecallQuery.Order.OLDEST_FIRST : RecallQuery.Order.NEWEST_FIRST, offset, size))).messages();
            for (Message m : batch) {
                if ((lower == null || m.sequence() > lower.sequence()) && (upper == null || m.sequence() < upper.sequence()) && page.size() < limit) {
                    page.add(m);
                }
            }
            if (batch.size() < size) {
                break;
            }
        }
        return page;
    }

    private Message cursor(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        List<Message> found = Agents.await(recall.byIds(agent, List.of(id)));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the agent has no message '" + id + "' to page from");
        }
        return found.getFirst();
    }
}
