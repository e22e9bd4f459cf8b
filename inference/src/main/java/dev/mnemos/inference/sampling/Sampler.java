package dev.mnemos.inference.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits the way llama.cpp's default chain does: penalties, then top-k, top-p and
 * min-p on the penalized logits, then temperature, then a seeded draw (or, at temperature 0, the argmax
 * after the penalties). Its buffers are allocated once per vocabulary; one sampler belongs to one
 * generation and is not thread-safe.
 */
public final class Sampler {

    private final SamplerConfig config;
    private final SplittableRandom random;
    private final long[] candidates; // (vocab): order-preserving logit bits << 32 | token id
    private final float[] probabilities; // (vocab)
    private final int[] counts; // (vocab): occurrences in the penalty window

    public Sampler(SamplerConfig config, int vocabularySize) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.candidates = new long[vocabularySize];
        this.probabilities = new float[vocabularySize];
        this.counts = new int[vocabularySize];
    }

    public SamplerConfig config() {
        return config;
    }

    /**
     * The next token. {@code logits} is modified (penalties are applied in place); {@code history[0 .. length)}
     * are the tokens so far, of which the last {@code penaltyLastN} are penalized.
     */
    public int sample(float[] logits, int[] history, int length) {
        applyPenalties(logits, history, length);
        if (config.isGreedy()) {
            return argmax(logits);
        }
        int n = topK(logits);
        n = topP(n);
        n = minP(n);
        return draw(n);
    }

    private void applyPenalties(float[] logits, int[] history, int length) {
        boolean off = config.repeatPenalty() == 1f && config.frequencyPenalty() == 0f && config.presencePenalty() == 0f;
        if (off || length == 0 || config.penaltyLastN() == 0) {
            return;
        }
        int from = Math.max(0, length - config.penaltyLastN());
        for (int i = from; i < length; i++) {
            counts[history[i]]++;
        }
        for (int i = from; i < length; i++) {
            int token = history[i];
            int count = counts[token];
            if (count == 0) {
                continue; // already penalized: a token counts once however often it occurs
            }
            float logit = logits[token];
            logit = logit > 0 ? logit / config.repeatPenalty() : logit * config.repeatPenalty();
            logits[token] = logit - count * config.frequencyPenalty() - config.presencePenalty();
            counts[token] = 0;
        }
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fills {@code candidates[0 .. n)} with the n most likely tokens, most likely first. */
    private int topK(float[] logits) {
        int vocabulary = logits.length;
        int k = config.topK() == 0 ? vocabulary : Math.min(config.topK(), vocabulary);
        for (int i = 0; i < vocabulary; i++) {
            candidates[i] = key(logits[i], i);
        }
        if (k < vocabulary) {
            select(vocabulary, k);
        }
        Arrays.sort(candidates, 0, k);
        reverse(k);
        return k;
    }

    /** The smallest prefix whose probability reaches top-p (softmax of the penalized logits, before temperature). */
    private int topP(int n) {
        if (config.topP() >= 1f) {
            return n;
        }
        softmax(n, 1f);
        float cumulative = 0f;
        for (int i = 0; i < n; i++) {
            cumulative += probabilities[i];
            if (cumulative >= config.topP()) {
                return i + 1;
            }
        }
        return n;
    }

    private int minP(int n) {
        if (config.minP() <= 0f) {
            return n;
        }
        float max = logit(0);
        // p_i >= minP * p_max  <=>  logit_i >= logit_max + ln(minP)
        float threshold = max + (float) Math.log(config.minP());
        int kept = 1;
        while (kept < n && logit(kept) >= threshold) {
            kept++;
        }
        return kept;
    }

    private int draw(int n) {
        softmax(n, config.temperature());
        double target = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += probabilities[i];
            if (target < cumulative) {
                return token(i);
            }
        }
        return token(n - 1);
    }

    private void softmax(int n, float temperature) {
        float max = logit(0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp((logit(i) - max) / temperature);
            probabilities[i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            probabilities[i] = (float) (probabilities[i] / sum);
        }
    }

    /** Moves the k largest keys to {@code candidates[0 .. k)} (quickselect, in place). */
    private void select(int n, int k) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            long pivot = candidates[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (candidates[i] > pivot) i++;
                while (candidates[j] < pivot) j--;
                if (i <= j) {
                    long t = candidates[i];
                    candidates[i++] = candidates[j];
                    candidates[j--] = t;
                }
            }
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void reverse(int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            long t = candidates[i];
            candidates[i] = candidates[j];
            candidates[j] = t;
        }
    }

    /**
     * A long that sorts as the logit does (ties: lower token id first when sorted descending), so that
     * primitive sorting and selection need no comparator and allocate nothing.
     */
    private static long key(float logit, int token) {
        int bits = Float.floatToIntBits(logit);
        int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
        return ((long) ordered << 32) | (0xffffffffL & ~token);
    }

    private float logit(int i) {
        int ordered = (int) (candidates[i] >> 32);
        return Float.intBitsToFloat(ordered >= 0 ? ordered : ordered ^ 0x7fffffff);
    }

    private int token(int i) {
        return ~(int) candidates[i];
    }
}
