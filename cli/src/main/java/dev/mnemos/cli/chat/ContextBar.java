package dev.mnemos.cli.chat;

import dev.mnemos.kernel.context.TokenBreakdown;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The context window's fill as one line: a bar of {@code width} cells split by section (system prompt,
 * core memory, summary, messages), then the figures, e.g.
 * {@code context [SSCCMMMM............] 41% of 8192: system 9% core 6% summary 2% messages 24%}.
 */
final class ContextBar {

    private static final int WIDTH = 24;

    private ContextBar() {}

    static AttributedString render(TokenBreakdown tokens) {
        int limit = Math.max(1, tokens.limit());
        // The template's framing (or the estimate's allowance) is spent before the first message: it counts as system.
        int system = Math.max(0, tokens.systemPrompt() + tokens.tools() + tokens.statistics() + tokens.framing());
        int[] sections = {system, tokens.coreMemory(), tokens.summary(), tokens.messages()};
        char[] marks = {'S', 'C', 'R', 'M'};
        int[] colours = {AttributedStyle.BLUE, AttributedStyle.MAGENTA, AttributedStyle.YELLOW, AttributedStyle.GREEN};
        var line = new AttributedStringBuilder().append("context [");
        int used = 0;
        for (int i = 0; i < sections.length; i++) {
            int cells = Math.min(WIDTH - used, (int) Math.round((double) sections[i] * WIDTH / limit));
            line.style(AttributedStyle.DEFAULT.foreground(colours[i])).append(String.valueOf(marks[i]).repeat(Math.max(0, cells)));
            used += Math.max(0, cells);
        }
        line.style(AttributedStyle.DEFAULT).append(".".repeat(Math.max(0, WIDTH - used))).append("] ");
        line.append(tokens.percent() + "% of " + tokens.limit() + ": ");
        line.append("system " + percent(system, limit) + " core " + percent(tokens.coreMemory(), limit)
                + " summary " + percent(tokens.summary(), limit) + " messages " + percent(tokens.messages(), limit));
        return line.toAttributedString();
    }

    private static String percent(int part, int limit) {
        return Math.round(100.0 * part / limit) + "%";
    }
}
