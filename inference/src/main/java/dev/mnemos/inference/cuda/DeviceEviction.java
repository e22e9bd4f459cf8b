package dev.mnemos.inference.cuda;

import dev.mnemos.inference.kv.policy.SageKvPolicy;

/**
 * What the device evicts after each decode step, as the CPU's evicting policies do ({@code SinkWindowPolicy},
 * {@code HeavyHitterPolicy}, {@code SageKvPolicy}): tokens are evicted by clearing their bits in the cache's live
 * words (attention.cu), which the attention then skips. Pages are not freed yet: memory stays that of the full
 * cache, while what is attended is the policy's.
 *
 * @param kind    {@link Kind#OLDEST}: the oldest token at or after {@code bound} goes (sinks+window: the sinks stay;
 *                SAGE-KV's window once the prompt is in); {@link Kind#LIGHTEST}: the token with the least accumulated
 *                mass, older than the last {@code bound} positions (heavy hitters)
 * @param budget  tokens each stream (layer, KV head) keeps
 * @param bound   see {@code kind}
 * @param weights whether each step records its per-token attention weights (mass and latest), which heavy hitters
 *                and SAGE-KV's selection read
 */
public record DeviceEviction(Kind kind, int budget, int bound, boolean weights) {

    public enum Kind {
        NONE,
        OLDEST,
        LIGHTEST
    }

    public static final DeviceEviction NONE = new DeviceEviction(Kind.NONE, 0, 0, false);

    public DeviceEviction {
        if (budget < 0 || bound < 0) throw new IllegalArgumentException("budget " + budget + ", bound " + bound);
    }

    /** StreamingLLM's sinks and window: the first {@code sinks} positions and the last {@code window} tokens stay. */
    public static DeviceEviction sinksAndWindow(int sinks, int window) {
        return new DeviceEviction(Kind.OLDEST, sinks + window, sinks, false);
    }

    /** H2O: the {@code recent} newest tokens and the {@code heavy} with the most accumulated mass stay. */
    public static DeviceEviction heavyHitters(int heavy, int recent) {
        return new DeviceEviction(Kind.LIGHTEST, heavy + recent, recent, true);
    }

    /** SAGE-KV while the prompt goes in: nothing is evicted, each step's weights are recorded for the selection. */
    public static final DeviceEviction SAGE_PROMPT = new DeviceEviction(Kind.NONE, 0, 0, true);

    /** SAGE-KV once the prompt is in: the window slides from {@code boundary}, the selected tokens before it stay. */
    public static DeviceEviction sageWindow(int sinks, int selected, int window, int boundary) {
        return new DeviceEviction(Kind.OLDEST, sinks + selected + window, boundary, false);
    }

    /**
     * SAGE-KV's one-shot selection when the prompt of {@code length} tokens is in, on the host as the CPU makes it: in
     * every stream the candidates (positions from {@code sinks} to the window's start, {@code max(sinks, length -
     * window)}) whose latest weight is below {@link SageKvPolicy#threshold} lose their bit in {@code live}
     * (streams x maxPages words; {@code last}: streams x maxPages x pageSize). Returns the window's start.
     */
    public static int sageSelect(int[] live, float[] last, int maxPages, int pageSize, int length, int sinks, int selected, int window) {
        int boundary = Math.max(sinks, length - window);
        int streams = live.length / maxPages;
        float[] weights = new float[Math.max(0, boundary - sinks)];
        for (int stream = 0; stream < streams; stream++) {
            int candidates = 0;
            for (int position = sinks; position < boundary; position++) {
                if (kept(live, stream, maxPages, pageSize, position)) weights[candidates++] = weight(last, stream, maxPages, pageSize, position);
            }
            if (candidates <= selected) continue;
            float threshold = SageKvPolicy.threshold(weights, candidates, selected);
            for (int position = sinks; position < boundary; position++) {
                if (kept(live, stream, maxPages, pageSize, position) && weight(last, stream, maxPages, pageSize, position) < threshold) {
                    live[stream * maxPages + position / pageSize] &= ~(1 << (position % pageSize));
                }
            }
        }
        return boundary;
    }

    private static boolean kept(int[] live, int stream, int maxPages, int pageSize, int position) {
        return (live[stream * maxPages + position / pageSize] >>> (position % pageSize) & 1) != 0;
    }

    private static float weight(float[] last, int stream, int maxPages, int pageSize, int position) {
        return last[(stream * maxPages + position / pageSize) * pageSize + position % pageSize];
    }
}
