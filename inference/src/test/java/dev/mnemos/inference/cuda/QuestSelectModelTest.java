package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A scalar model of attention.cu's quest_select (a radix select of the K-th largest score, 8 bits at a time, then the
 * pages above it and, lowest first, those equal to it): it must pick exactly the top K of a sort, ties included.
 * Runs without a GPU; CudaStepKernelTest runs the kernel itself against the same sort.
 */
class QuestSelectModelTest {

    @Test
    void should_pick_the_top_budget_when_scores_are_distinct_negative_infinite_or_tied() {
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(3000);
            int budget = 1 + random.nextInt(300);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = switch (trial % 3) {
                    case 0 -> (float) random.nextGaussian() * 10;
                    case 1 -> random.nextInt(7) - 3; // many ties
                    default -> -Math.abs((float) random.nextGaussian());
                };
            }
            scores[n - 1] = Float.POSITIVE_INFINITY; // the query's own page
            int[] got = select(scores, n, budget);
            assertThat(got).as("trial %d", trial).doesNotHaveDuplicates().hasSize(Math.min(n, budget)).contains(n - 1);
            assertThat(sortedScores(scores, got)).as("trial %d: scores picked", trial).isEqualTo(topScores(scores, Math.min(n, budget)));
        }
    }

    /** quest_select in Java, thread by thread collapsed into loops. */
    static int[] select(float[] row, int numPages, int budget) {
        if (numPages <= budget) return IntStream.range(0, numPages).toArray();
        int prefix = 0;
        int remaining = budget;
        for (int shift = 24; shift >= 0; shift -= 8) {
            int[] histogram = new int[256];
            int mask = shift == 24 ? 0 : -1 << (shift + 8);
            for (int p = 0; p < numPages; p++) {
                int key = orderKey(row[p]);
                if ((key & mask) == (prefix & mask)) histogram[(key >>> shift) & 0xff]++;
            }
            int need = remaining;
            int bin = 255;
            for (; bin > 0; bin--) {
                if (histogram[bin] >= need) break;
                need -= histogram[bin];
            }
            prefix |= bin << shift;
            remaining = need;
        }
        int[] out = new int[budget];
        int taken = 0;
        for (int p = 0; p < numPages; p++) if (Integer.compareUnsigned(orderKey(row[p]), prefix) > 0) out[taken++] = p;
        for (int p = 0; p < numPages && remaining > 0; p++) {
            if (orderKey(row[p]) == prefix) {
                out[taken++] = p;
                remaining--;
            }
        }
        return Arrays.copyOf(out, taken);
    }

    /** order_key: unsigned keys that order as the floats do. */
    static int orderKey(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? ~bits : bits | 0x8000_0000;
    }

    static float[] topScores(float[] scores, int k) {
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        float[] top = Arrays.copyOfRange(sorted, sorted.length - k, sorted.length);
        Arrays.sort(top);
        return top;
    }

    static float[] sortedScores(float[] scores, int[] pages) {
        float[] picked = new float[pages.length];
        for (int i = 0; i < pages.length; i++) picked[i] = scores[pages[i]];
        Arrays.sort(picked);
        return picked;
    }
}
