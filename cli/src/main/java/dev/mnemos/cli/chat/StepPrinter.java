package dev.mnemos.cli.chat;

import dev.mnemos.kernel.event.StepEvent;
import java.io.PrintWriter;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Renders an agent's step events as they arrive: the model's tokens dimmed while they stream, each
 * syscall on one compact line (memory edits in magenta, errors in red), pager actions and limits.
 * The agent's messages themselves are printed from the committed reply, not from here, so that
 * nothing is shown as said before it is durable.
 */
final class StepPrinter {

    private static final int ARGUMENTS_SHOWN = 120;

    private final Terminal terminal;
    private final PrintWriter out;
    private boolean streaming;

    StepPrinter(Terminal terminal) {
        this.terminal = terminal;
        this.out = terminal.writer();
    }

    synchronized void print(StepEvent event) {
        switch (event) {
            case StepEvent.TokenDelta d -> {
                streaming = true;
                out.print(styled(AttributedStyle.DEFAULT.faint(), d.text()));
            }
            case StepEvent.ToolCallRequested call -> line(AttributedStyle.DEFAULT.foreground(memoryEdit(call.name()) ? AttributedStyle.MAGENTA : AttributedStyle.CYAN),
                    "  > " + call.name() + "(" + shorten(call.arguments()) + ")");
            case StepEvent.ToolResult result -> line(AttributedStyle.DEFAULT.foreground(result.error() ? AttributedStyle.RED : AttributedStyle.CYAN).faint(),
                    "    " + (result.error() ? "error: " : "= ") + shorten(result.content()));
            case StepEvent.Paged paged -> line(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW),
                    paged.pressure() ? "  (memory pressure: the agent was asked to save what matters)"
                            : "  (pager: " + paged.evictedMessages() + " messages moved to recall and summarized)");
            case StepEvent.StepLimitReached limit -> line(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW),
                    "  (step limit of " + limit.limit() + " reached)");
            case StepEvent.Cancelled c -> line(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), "  (cancelled)");
            case StepEvent.Failed f -> line(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), "  (step failed: " + f.reason() + ")");
            default -> {}
        }
        out.flush();
    }

    /** Ends a line of streamed tokens, if one is open. */
    synchronized void endStream() {
        if (streaming) {
            out.println();
            streaming = false;
        }
    }

    private void line(AttributedStyle style, String text) {
        endStream();
        out.println(styled(style, text));
    }

    private String styled(AttributedStyle style, String text) {
        return new AttributedStringBuilder().style(style).append(text).toAnsi(terminal);
    }

    private static boolean memoryEdit(String syscall) {
        return syscall.startsWith("core_memory") || syscall.startsWith("archival_memory_insert") || syscall.startsWith("structured_memory_update");
    }

    private static String shorten(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= ARGUMENTS_SHOWN ? flat : flat.substring(0, ARGUMENTS_SHOWN) + "...";
    }
}
