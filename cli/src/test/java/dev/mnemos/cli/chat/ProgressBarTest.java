package dev.mnemos.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void should_show_bar_percentage_amounts_rate_and_time_left_when_the_total_is_known() {
        String line = ProgressBar.line("ingest", 12, 30, "passages", 4 * SECOND, false);

        assertThat(line).isEqualTo("ingest [########------------]  40%  12/30 passages  3.0 passages/s  0:06 left");
    }

    @Test
    void should_show_the_time_taken_instead_of_the_time_left_when_finished() {
        String line = ProgressBar.line("tree", 40, 40, "nodes", 125 * SECOND, true);

        assertThat(line).isEqualTo("tree [####################] 100%  40/40 nodes  0.3 nodes/s  in 2:05");
    }

    @Test
    void should_write_bytes_with_decimal_units() {
        String line = ProgressBar.line("model", 1_500_000_000L, 4_000_000_000L, ProgressBar.BYTES, 3 * SECOND, false);

        assertThat(line).isEqualTo("model [#######-------------]  37%  1.5 GB/4.0 GB  500.0 MB/s  0:05 left");
    }

    @Test
    void should_show_count_rate_and_elapsed_time_but_no_bar_when_the_total_is_unknown() {
        String line = ProgressBar.line("re-embed", 2_500, 0, "passages", 10 * SECOND, false);

        assertThat(line).isEqualTo("re-embed  2,500 passages  250 passages/s  0:10");
    }

    @Test
    void should_not_guess_a_rate_or_time_left_before_anything_is_done() {
        assertThat(ProgressBar.line("ingest", 0, 30, "passages", 0, false))
                .isEqualTo("ingest [--------------------]   0%  0/30 passages  -/s  ?:?? left");
    }

    @Test
    void should_redraw_one_line_in_place_at_most_ten_times_a_second_on_a_terminal() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        try (ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "ingest", 10, "passages", clock::get)) {
            bar.set(1);
            clock.addAndGet(SECOND / 50);
            bar.set(2); // too soon: not drawn
            clock.addAndGet(SECOND);
            bar.set(3);
        }

        assertThat(text.toString()).doesNotContain("2/10").contains("\r").endsWith("\u001b[K\n");
        assertThat(text.toString().split("\r", -1)).hasSize(4); // 1/10, 3/10, and the final line
        assertThat(text.toString().chars().filter(c -> c == '\n')).hasSize(1);
    }

    @Test
    void should_print_a_plain_line_every_tenth_of_the_way_where_it_cannot_redraw() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        try (ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "tree", 100, "nodes", clock::get)) {
            for (int done = 1; done <= 100; done++) {
                clock.addAndGet(SECOND / 100);
                bar.set(done);
            }
        }

        String[] lines = text.toString().split("\n");
        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(lines).hasSize(12); // at 1, 10, 20 ... 90, 100 and the final line
        assertThat(lines[lines.length - 1]).isEqualTo("tree [####################] 100%  100/100 nodes  100 nodes/s  in 0:01");
    }
}
