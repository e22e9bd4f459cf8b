package dev.mnemos.cli.chat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.tools.ToolWorkers;
import dev.mnemos.tools.mcp.McpServerOptions;
import dev.mnemos.tools.mcp.McpServers;
import io.smallrye.mutiny.subscription.Cancellable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/**
 * The interactive terminal session of {@code mnemos chat}: lines are messages to the current agent,
 * or {@code /commands}. The agent's reply is shown once it is committed, with its syscalls and the
 * streamed tokens before it; a status line shows the context window's fill. Ctrl-C cancels the
 * running step (not the session); Ctrl-D or {@code /quit} ends it.
 *
 * <p>Without an LLM ({@code runtime} null) the session still browses and edits memory.
 */
public final class ChatSession {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

    private final Terminal terminal;
    private final PrintWriter out;
    private final MemoryStore store;
    private final AgentRuntime runtime;
    private final ArchivalMemory archival;
    private final SlashCommands commands = new SlashCommands();
    private final StepPrinter printer;
    private final Path history;
    private AgentKey agent;
    private boolean running = true;
    private ToolWorkers mcpWorkers;
    private McpServers mcp;

    public ChatSession(Terminal terminal, MemoryStore store, AgentRuntime runtime, ArchivalMemory archival, AgentKey agent, Path history) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.store = store;
        this.runtime = runtime;
        this.archival = archival;
        this.agent = agent;
        this.history = history;
        this.printer = new StepPrinter(terminal);
    }

    /** Reads and answers lines until the user ends the session. */
    public void run() {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mnemos")
                .completer(new StringsCompleter(commands.names()))
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        say("talking to " + agent.agent() + (hasModel() ? "" : " (no LLM: memory commands only)") + "; /help lists the commands, Ctrl-D ends");
        showContext();
        while (running) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                say("(Ctrl-C cancels a running reply; Ctrl-D or /quit ends the session)");
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("/")) {
                commands.run(this, line);
            } else if (!hasModel()) {
                error("no LLM is configured, so the agent cannot answer; memory commands still work (/help)");
            } else {
                send(line);
            }
        }
        if (mcp != null) {
            mcp.close();
            mcpWorkers.close();
        }
        Status status = Status.getExistingStatus(terminal).orElse(null);
        if (status != null) {
            status.close();
        }
        out.flush();
    }

    private void send(String text) {
        Cancellable events = runtime.kernel().events(agent).subscribe().with(printer::print, failure -> {});
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT,
                signal -> runtime.kernel().cancel(agent).subscribe().with(cancelled -> {}, failure -> {}));
        try {
            Reply reply = runtime.kernel().blocking(STEP_TIMEOUT).send(agent, text);
            printer.endStream();
            for (String message : reply.messages()) {
                out.println(new AttributedStringBuilder().style(AttributedStyle.BOLD).append(agent.agent()).append("> ")
                        .style(AttributedStyle.DEFAULT).append(message).toAnsi(terminal));
            }
            if (reply.status() == Reply.Status.FAILED) {
                say("(" + reply.status().name().toLowerCase().replace('_', ' ') + ")");
            }
        } catch (RuntimeException e) {
            printer.endStream();
            error("the step failed: " + e.getMessage());
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            events.cancel();
        }
        showContext();
    }

    /** Shows the context window's fill on the status line, and as a line where there is none. */
    private void showContext() {
        if (!hasModel()) {
            return;
        }
        ContextWindow window;
        try {
            window = runtime.kernel().blocking(SlashCommands.TIMEOUT).inspect(agent);
        } catch (RuntimeException e) {
            return;
        }
        AttributedString bar = ContextBar.render(window.tokens());
        Status status = Status.getStatus(terminal);
        if (status != null) {
            status.update(List.of(bar));
        }
        out.println(bar.toAnsi(terminal));
        out.flush();
    }

    private String prompt() {
        return new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append("you> ").toAnsi(terminal);
    }

    void say(String text) {
        out.println(text);
        out.flush();
    }

    void error(String text) {
        out.println(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).append(text).toAnsi(terminal));
        out.flush();
    }

    /** A progress bar for long work, on this session's terminal. */
    ProgressBar progress(String label, long total, String unit) {
        return ProgressBar.on(terminal, label, total, unit);
    }

    /** The MCP servers attached in this session, started at the first {@code /attach}; detached when the session ends. */
    McpServers mcp() {
        if (mcp == null) {
            mcpWorkers = ToolWorkers.standard();
            var standard = McpServerOptions.standard();
            mcp = new McpServers(runtime.tools(), mcpWorkers,
                    new McpServerOptions(ToolCommands.CONNECT, standard.toolTimeout(), standard.pingTimeout(), standard.backoff()));
        }
        return mcp;
    }

    void quit() {
        running = false;
    }

    boolean hasModel() {
        return runtime != null;
    }

    MemoryStore store() {
        return store;
    }

    AgentRuntime runtime() {
        return runtime;
    }

    ArchivalMemory archival() {
        return archival;
    }

    AgentKey agent() {
        return agent;
    }

    /** The names of the tools the current agent can call; empty without an LLM. */
    Set<String> toolNames() {
        if (!hasModel()) {
            return Set.of();
        }
        return runtime.kernel().blocking(SlashCommands.TIMEOUT).inspect(agent).tools().stream()
                .map(ToolSpecification::name).collect(Collectors.toUnmodifiableSet());
    }

    void switchTo(AgentKey key) {
        agent = key;
        say("talking to " + key.agent());
        showContext();
    }

    static String textOf(ChatMessage message) {
        return switch (message) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.hasSingleText() ? u.singleText() : u.contents().toString();
            case AiMessage a -> (a.text() == null ? "" : a.text()) + (a.hasToolExecutionRequests() ? " " + a.toolExecutionRequests() : "");
            case ToolExecutionResultMessage t -> t.toolName() + " -> " + t.text();
            default -> message.toString();
        };
    }
}
