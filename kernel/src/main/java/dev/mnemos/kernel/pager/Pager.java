package dev.mnemos.kernel.pager;

import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.kernel.context.TokenBreakdown;
import dev.mnemos.memory.recall.Role;
import java.util.List;

/**
 * Decides what moves out of the main context (DESIGN.md, step 6). Past the warning threshold the
 * LLM is warned (memory pressure) so it can save what matters; at the flush threshold the oldest
 * messages of the FIFO queue are evicted and folded into the recursive summary. Evicted messages
 * are in recall storage already (every message is committed there by the step that made it), so
 * eviction only shortens the queue. Pure functions; the kernel carries out the decisions.
 */
public final class Pager {

    /** What the pager asks for. */
    public enum Action {
        NONE,
        PRESSURE,
        FLUSH
    }

    private Pager() {}

    /**
     * Produces the action for a window of {@code tokens}.
     *
     * @param pressureInQueue true when a memory-pressure alert is still in the FIFO queue (or queued
     *     as an interrupt): the LLM was warned already, and is not warned again until an eviction
     */
    public static Action decide(TokenBreakdown tokens, PagerThresholds thresholds, boolean pressureInQueue) {
        double fill = tokens.fill();
        if (fill >= thresholds.flush()) {
            return Action.FLUSH;
        }
        if (fill >= thresholds.warning() && !pressureInQueue) {
            return Action.PRESSURE;
        }
        return Action.NONE;
    }

    /**
     * Produces how many of the oldest queue messages to evict so that the window falls to
     * {@code thresholds.evictTo()}. The cut never falls between an assistant message that calls tools
     * and the results of those calls, and never touches the newest {@code protectedTail} messages.
     *
     * @param summaryTokensAfter what the summary is expected to cost after folding (it grows as
     *     messages are folded in)
     */
    public static int evictionCount(List<ContextMessage> queue, TokenBreakdown tokens, PagerThresholds thresholds,
            int protectedTail, int summaryTokensAfter) {
        int target = (int) Math.floor(thresholds.evictTo() * tokens.limit());
        int excess = tokens.total() - tokens.summary() + summaryTokensAfter - target;
        int limit = Math.max(0, queue.size() - protectedTail);
        int count = 0;
        int freed = 0;
        while (count < limit && freed < excess) {
            freed += queue.get(count).tokens();
            count++;
            while (count < limit && queue.get(count).message().role() == Role.TOOL) {
                freed += queue.get(count).tokens();
                count++;
            }
        }
        // A protected tail that starts with tool results would be cut from its call: keep the pair whole.
        while (count > 0 && count < queue.size() && queue.get(count).message().role() == Role.TOOL) {
            count--;
        }
        return count;
    }
}
