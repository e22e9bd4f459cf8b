package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvScratch;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuestPolicyTest {

    @Test
    void should_attend_the_page_with_the_highest_key_bound_and_the_last_page_when_decoding() {
        try (CraftedAttention run = new CraftedAttention(new QuestPolicy(2, 0), Set.of(13))) {
            run.forward(30); // pages of 4: the loud token is in page 3, the last page is 7
            KvScratch scratch = new KvScratch();
            float[] q = {1f, 0f, 0f, 0f};
            int n = run.cache.policy().select(run.cache, 0, 0, run.cache.stream(0, 0), q, 0, true, scratch);
            Set<Integer> firstPositions = new HashSet<>();
            for (int i = 0; i < n; i++) firstPositions.add(scratch.pages(n)[i].position(0));
            assertThat(firstPositions).containsExactlyInAnyOrder(12, 28);
            // the prompt and the dense layers see everything
            assertThat(run.cache.policy().select(run.cache, 0, 0, run.cache.stream(0, 0), q, 0, false, scratch)).isEqualTo(8);
            assertThat(run.positions()).hasSize(30); // nothing is evicted
        }
    }

    @Test
    void should_bound_every_key_of_a_page_from_above_when_scoring_by_its_min_and_max() {
        SplittableRandom random = new SplittableRandom(9);
        int headSize = 24; // a vector and a tail
        for (int trial = 0; trial < 200; trial++) {
            float[] q = new float[headSize], min = new float[headSize], max = new float[headSize];
            float[][] keys = new float[16][headSize];
            java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < headSize; i++) q[i] = (float) random.nextGaussian();
            float best = Float.NEGATIVE_INFINITY;
            for (float[] key : keys) {
                float dot = 0f;
                for (int i = 0; i < headSize; i++) {
                    key[i] = (float) random.nextGaussian();
                    min[i] = Math.min(min[i], key[i]);
                    max[i] = Math.max(max[i], key[i]);
                    dot += q[i] * key[i];
                }
                best = Math.max(best, dot);
            }
            assertThat(QuestPolicy.upperBound(q, 0, min, max, headSize)).isGreaterThanOrEqualTo(best - 1e-4f);
        }
    }

    @Test
    void should_select_every_page_when_the_budget_covers_the_stream() {
        try (CraftedAttention run = new CraftedAttention(new QuestPolicy(8, 0), Set.of())) {
            run.forward(30);
            KvScratch scratch = new KvScratch();
            int n = run.cache.policy().select(run.cache, 0, 0, run.cache.stream(0, 0), new float[] {1, 0, 0, 0}, 0, true, scratch);
            KvPage[] pages = scratch.pages(n);
            assertThat(n).isEqualTo(8);
            for (int i = 0; i < n; i++) assertThat(pages[i]).isSameAs(run.cache.stream(0, 0).page(i));
        }
    }
}
