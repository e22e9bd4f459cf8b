package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.kv.policy.RoundRecallPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round-level recall's host side, on a page table without a GPU: which pages move and which the attention lists. */
class DeviceRoundRecallTest {

    // rounds of two pages: pages 0-1 round 0, 2-3 round 1, 4-5 round 2, 6 the first page of round 3
    private static final int[] ROUND_OF_PAGE = {0, 0, 1, 1, 2, 2, 3};

    @Test
    void should_list_the_recalled_rounds_then_the_current_round_to_the_end_of_the_cache() {
        boolean[] chosen = {true, false, true, false};
        assertThat(DeviceRoundRecall.listed(ROUND_OF_PAGE, chosen, 3, 10)).containsExactly(0, 1, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void should_keep_every_page_the_step_needs_within_what_the_attention_reads_of_the_list() {
        // attention_partial reads the first min(list length, pages written) entries and skips pages past the length
        boolean[] chosen = {false, true, false, false};
        int[] listed = DeviceRoundRecall.listed(ROUND_OF_PAGE, chosen, 3, 10);
        int read = Math.min(listed.length, ROUND_OF_PAGE.length);
        assertThat(java.util.Arrays.copyOf(listed, read)).contains(2, 3, 6).doesNotContain(0, 1, 4, 5);
    }

    @Test
    void should_offload_the_rounds_not_chosen_only_in_the_layers_after_the_watershed() {
        PageTable table = new PageTable(3 * 2, 10); // 3 layers x 2 KV heads
        var recall = new DeviceRoundRecall(0, 1);
        boolean[] chosen = {false, true, false, false};
        List<DeviceRoundRecall.Move> moves = recall.moves(table, 2, 3, ROUND_OF_PAGE, chosen, 3);
        // layers 1 and 2, both heads, rounds 0 and 2 (pages 0, 1, 4, 5) go; round 1 and the current round stay
        assertThat(moves).hasSize(2 * 2 * 4).allMatch(DeviceRoundRecall.Move::offload).allMatch(m -> m.layer() >= 1)
                .extracting(DeviceRoundRecall.Move::logical).containsOnly(0, 1, 4, 5);
    }

    @Test
    void should_bring_back_a_round_chosen_again_and_offload_the_one_it_replaces() {
        PageTable table = new PageTable(2, 10); // 2 layers x 1 KV head
        var recall = new DeviceRoundRecall(0, 1);
        for (var m : recall.moves(table, 1, 2, ROUND_OF_PAGE, new boolean[] {false, true, false, false}, 3)) table.release(m.layer(), m.logical());
        List<DeviceRoundRecall.Move> next = recall.moves(table, 1, 2, ROUND_OF_PAGE, new boolean[] {true, false, false, false}, 3);
        assertThat(next).containsExactlyInAnyOrder(new DeviceRoundRecall.Move(1, 0, 0, false), new DeviceRoundRecall.Move(1, 0, 1, false),
                new DeviceRoundRecall.Move(1, 0, 2, true), new DeviceRoundRecall.Move(1, 0, 3, true));
    }

    @Test
    void should_choose_the_rounds_with_the_most_mass_the_earlier_on_a_tie_as_the_cpu_policy_does() {
        boolean[] chosen = new boolean[5];
        RoundRecallPolicy.choose(new float[] {0.1f, 0.5f, 0.2f, 0.5f, 9f}, 4, 2, chosen);
        assertThat(chosen).containsExactly(false, true, false, true, false);
    }
}
