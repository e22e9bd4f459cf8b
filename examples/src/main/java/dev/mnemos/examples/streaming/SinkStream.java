/*
 * Infinite streaming generation with attention sinks (StreamingLLM, arXiv 2309.17453). The KV cache
 * keeps the first few tokens (the sinks, which soak up attention) and a window of the newest ones;
 * everything between is evicted after each step, and positions are those of the cache, so the model
 * never runs past its trained context. Memory stays flat however long it runs, and so does the time
 * of a step.
 *
 * Greedy decoding on stories260K (context 512) with 4 sinks + a window of 252; every K tokens it
 * prints the tokens so far, the resident KV bytes and the mean ms/token of the interval:
 *
 *   examples/run dev.mnemos.examples.streaming.SinkStream 20000 2000
 *
 * `mnemos bench kv --stream N` is the same run as a benchmark table.
 */
package dev.mnemos.examples.streaming;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.fidelity.PagedSession;
import dev.mnemos.inference.kv.policy.SinkWindowPolicy;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public final class SinkStream {

    public static final int SINKS = 4;
    public static final int WINDOW = 252;
    private static final int PAGE_SIZE = 16;

    /** One interval: tokens generated so far, KV bytes resident now, mean wall ms per token over the interval. */
    public record Sample(int tokens, long residentBytes, double msPerToken) {}

    private SinkStream() {}

    /**
     * Prefills {@code prompt}, then generates {@code tokens} greedily, reporting a sample every {@code every} tokens.
     *
     * @return the first 64 generated tokens as text
     */
    public static String generate(Path gguf, String prompt, int tokens, int every, Consumer<Sample> onSample) throws Exception {
        try (Model model = Model.open(gguf);
             ComputePool pool = new ComputePool(1);
             PagedSession session = new PagedSession(model, pool, new SinkWindowPolicy(SINKS, WINDOW), PAGE_SIZE, 64)) {
            Tokenizer tokenizer = Tokenizer.fromGguf(model.file().metadata());
            int[] promptIds = tokenizer.encode(prompt);
            float[] logits = session.feed(promptIds, 0, promptIds.length);
            List<Integer> opening = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 1; i <= tokens; i++) {
                int next = argmax(logits);
                if (opening.size() < 64) opening.add(next);
                logits = session.step(next);
                if (i % every == 0) {
                    long now = System.nanoTime();
                    onSample.accept(new Sample(i, session.cache().residentBytes(), (now - start) / 1e6 / every));
                    start = now;
                }
            }
            return tokenizer.decode(opening.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Greedy: the most likely token. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        return best;
    }

    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path gguf = args.length > 2 ? Path.of(args[2])
                : Path.of(System.getProperty("mnemos.shared.models", "../shared/models"), "stories260K.gguf");
        System.out.printf("%d sinks + %d window, %d tokens%n", SINKS, WINDOW, tokens);
        String opening = generate(gguf, "Once upon a time", tokens, every,
                s -> System.out.printf("%8d tokens  KV resident %,10d bytes  %.3f ms/token%n", s.tokens(), s.residentBytes(), s.msPerToken()));
        System.out.println("it began: Once upon a time" + opening);
    }
}
