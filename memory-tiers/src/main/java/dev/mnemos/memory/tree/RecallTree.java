package dev.mnemos.memory.tree;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.Workers;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An agent's summary tree over its own recall history, kept under the id {@value #ID}: each
 * extension folds in the messages stored since the tree's watermark (the sequence of the last
 * message it holds), summarizing only the new leaves and their path to the root, and writes what
 * changed.
 */
public final class RecallTree {

    /** The id of the tree over an agent's recall history. */
    public static final String ID = "recall";

    private static final int PAGE = 1000;

    private final MemoryStore store;
    private final SummaryTreeBuilder builder;
    private final TreeShape shape;

    public RecallTree(MemoryStore store, SummaryTreeBuilder builder, TreeShape shape) {
        this.store = Objects.requireNonNull(store, "store");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.shape = Objects.requireNonNull(shape, "shape");
    }

    /**
     * Produces the agent's recall tree with every stored message folded in, building it on first
     * use; the LLM runs on Mutiny's worker pool. With no new messages it costs nothing.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     */
    public Uni<SummaryTree> extend(AgentKey agent, BuildProgress progress) {
        return store.summaryTrees().load(agent, ID)
                .map(stored -> stored.orElseGet(() -> SummaryTree.empty(ID, shape)))
                .chain(tree -> extendFrom(agent, tree, progress));
    }

    private Uni<SummaryTree> extendFrom(AgentKey agent, SummaryTree tree, BuildProgress progress) {
        RecallQuery page = new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, (int) tree.watermark(), PAGE);
        return store.recall().search(agent, page).chain(found -> {
            List<Message> messages = found.messages();
            if (messages.isEmpty()) {
                return Uni.createFrom().item(tree);
            }
            return Uni.createFrom().item(() -> builder.appendUpTo(tree, transcript(messages), messages.getLast().sequence(), progress))
                    .runSubscriptionOn(Workers.pool())
                    .chain(build -> store.summaryTrees().write(agent, build).replaceWith(build.tree()))
                    .chain(extended -> messages.size() == PAGE ? extendFrom(agent, extended, progress) : Uni.createFrom().item(extended));
        });
    }

    /** Renders messages as the text of leaves: one paragraph per message, with its sequence and role. */
    static String transcript(List<Message> messages) {
        StringBuilder text = new StringBuilder();
        for (Message message : messages) {
            String content = message.content().isBlank() && !message.toolCalls().isEmpty()
                    ? "(calls " + message.toolCalls().size() + " tool(s))"
                    : message.content().strip();
            text.append("[#").append(message.sequence()).append(' ').append(message.role().name().toLowerCase()).append("] ")
                    .append(content).append("\n\n");
        }
        return text.toString();
    }
}
