package dev.mnemos.cli.chat;

import dev.langchain4j.data.message.ChatMessage;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.agents.file.AgentExport;
import dev.mnemos.agents.file.AgentFiles;
import dev.mnemos.agents.file.AgentImport;
import dev.mnemos.agents.file.LettaAgentFile;
import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The session's slash commands, in the order /help lists them. */
final class SlashCommands {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, SlashCommand> byName = new LinkedHashMap<>();

    SlashCommands() {
        add("help", "", "list the commands", false, (s, a) -> help(s));
        add("memory", "", "show the core memory blocks with their fill", false, SlashCommands::memory);
        add("edit", "LABEL TEXT", "rewrite a core memory block", false, (s, a) -> edit(s, a, false));
        add("append", "LABEL TEXT", "append a line to a core memory block", false, (s, a) -> edit(s, a, true));
        add("recall", "WORDS", "search every message ever exchanged", false, SlashCommands::recall);
        add("archival", "WORDS", "search archival memory by meaning", false, SlashCommands::archival);
        add("remember", "TEXT", "insert a passage into archival memory", false, SlashCommands::remember);
        add("ingest", "FILE", "store a document in archival memory, passage by passage", false, DocumentCommands::ingest);
        add("tree", "FILE [ID]", "build a summary tree over a document for memory_walk", true, DocumentCommands::tree);
        add("agents", "", "list the agents", false, SlashCommands::agents);
        add("switch", "ID", "talk to another agent", false, SlashCommands::switchAgent);
        add("new", "ID", "create a chat agent and switch to it", true, SlashCommands::create);
        add("context", "", "show the exact context window the LLM sees, with its token breakdown", true, SlashCommands::context);
        add("attach", "NAME CMD..", "attach an MCP server (a command, or an http://.../mcp URL) to the agent", true, ToolCommands::attach);
        add("detach", "NAME", "detach an MCP server and its tools", true, ToolCommands::detach);
        add("tools", "", "list the tools the agent can call", true, ToolCommands::tools);
        add("export", "FILE", "export the agent to an agent file", false, SlashCommands::export);
        add("import", "FILE [ID]", "import an agent file (mnemos or Letta .af) and switch to it", false, SlashCommands::importFile);
        add("quit", "", "end the session (Ctrl-D does too)", false, (s, a) -> s.quit());
    }

    private void add(String name, String usage, String description, boolean needsModel, SlashCommand.Action action) {
        byName.put(name, new SlashCommand(name, usage, description, needsModel, action));
    }

    List<String> names() {
        return byName.keySet().stream().map(n -> "/" + n).toList();
    }

    /** Runs {@code line} (which starts with a slash); an unknown command or a failure is reported, never thrown. */
    void run(ChatSession session, String line) {
        String body = line.substring(1).strip();
        int space = body.indexOf(' ');
        String name = space < 0 ? body : body.substring(0, space);
        String arguments = space < 0 ? "" : body.substring(space + 1).strip();
        SlashCommand command = byName.get(name);
        if (command == null) {
            session.error("unknown command /" + name + "; /help lists them");
            return;
        }
        if (command.needsModel() && !session.hasModel()) {
            session.error("/" + name + " needs an LLM, and none is configured");
            return;
        }
        try {
            command.action().run(session, arguments);
        } catch (Exception e) {
            session.error("/" + name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private void help(ChatSession session) {
        byName.values().forEach(c -> session.say(String.format("  /%-9s %-12s %s", c.name(), c.usage(), c.description())));
    }

    private static void memory(ChatSession session, String arguments) {
        List<Block> blocks = session.store().blocks().blocks(session.agent()).await().atMost(TIMEOUT);
        if (blocks.isEmpty()) {
            session.say("  (no blocks)");
        }
        for (Block block : blocks) {
            session.say(String.format("  [%s] %d/%d chars%s", block.label(), block.value().length(), block.limit(), block.readOnly() ? ", read-only" : ""));
            block.value().lines().forEach(l -> session.say("    " + l));
        }
    }

    private static void edit(ChatSession session, String arguments, boolean append) {
        String[] parts = arguments.split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("usage: LABEL TEXT");
        }
        BlockEdit edit = append ? new BlockEdit.Append(parts[1]) : new BlockEdit.Rethink(parts[1]);
        Block block = session.store().blocks().edit(session.agent(), parts[0], edit).await().atMost(TIMEOUT);
        session.say("  [" + block.label() + "] now " + block.value().length() + "/" + block.limit() + " chars (version " + block.version() + ")");
    }

    private static void recall(ChatSession session, String words) {
        RecallQuery query = words.isBlank() ? RecallQuery.newest(10) : RecallQuery.text(words, 10);
        var page = session.store().recall().search(session.agent(), query).await().atMost(TIMEOUT);
        session.say("  " + page.total() + " messages match" + (page.total() > page.messages().size() ? ", the first " + page.messages().size() + ":" : ":"));
        for (Message m : page.messages()) {
            session.say("  " + m.createdAt() + " " + m.role().name().toLowerCase() + ": " + m.content().replaceAll("\\s+", " "));
        }
    }

    private static void archival(ChatSession session, String words) {
        if (words.isBlank()) {
            throw new IllegalArgumentException("usage: /archival WORDS");
        }
        List<ScoredPassage> found = session.archival().search(session.agent(), words, ArchivalQuery.top(5)).await().atMost(TIMEOUT);
        if (found.isEmpty()) {
            session.say("  (nothing in archival memory)");
        }
        found.forEach(p -> session.say(String.format("  %.3f  %s", p.score(), p.passage().text().replaceAll("\\s+", " "))));
    }

    private static void remember(ChatSession session, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("usage: /remember TEXT");
        }
        session.archival().insert(session.agent(), text).await().atMost(TIMEOUT);
        session.say("  saved to archival memory");
    }

    private static void agents(ChatSession session, String arguments) {
        List<AgentRecord> agents = session.store().agents().list(session.agent().organization()).await().atMost(TIMEOUT);
        for (AgentRecord a : agents) {
            session.say((a.key().equals(session.agent()) ? "* " : "  ") + a.key().agent() + "  (" + a.type() + ", " + a.name() + ")");
        }
    }

    private static void switchAgent(ChatSession session, String id) {
        AgentKey key = new AgentKey(session.agent().organization(), id);
        if (session.store().agents().get(key).await().atMost(TIMEOUT).isEmpty()) {
            throw new IllegalArgumentException("no agent '" + id + "'; /agents lists them, /new creates one");
        }
        session.switchTo(key);
    }

    private static void create(ChatSession session, String id) {
        AgentKey key = new AgentKey(session.agent().organization(), id);
        new ChatAgent(session.runtime()).spawn(key, id);
        session.switchTo(key);
    }

    private static void context(ChatSession session, String arguments) {
        ContextWindow window = session.runtime().kernel().blocking(TIMEOUT).inspect(session.agent());
        for (ChatMessage message : window.messages()) {
            session.say("--- " + message.type().name().toLowerCase());
            session.say(ChatSession.textOf(message));
        }
        session.say("--- " + window.tools().size() + " tools: " + String.join(", ", window.tools().stream().map(t -> t.name()).toList()));
        var t = window.tokens();
        session.say(String.format("tokens: system %d, core memory %d, statistics %d, summary %d, messages %d, tools %d, framing %d = %d of %d",
                t.systemPrompt(), t.coreMemory(), t.statistics(), t.summary(), t.messages(), t.tools(), t.framing(), t.total(), t.limit()));
    }

    private static void export(ChatSession session, String file) throws Exception {
        if (file.isBlank()) {
            throw new IllegalArgumentException("usage: /export FILE");
        }
        var agentFile = new AgentExport(session.store()).export(session.agent(), List.of());
        Files.writeString(Path.of(file), AgentFiles.write(agentFile));
        session.say("  exported " + session.agent().agent() + " to " + file);
    }

    private static void importFile(ChatSession session, String arguments) throws Exception {
        String[] parts = arguments.split("\\s+");
        if (parts[0].isBlank()) {
            throw new IllegalArgumentException("usage: /import FILE [ID]");
        }
        String json = Files.readString(Path.of(parts[0]));
        var agentFile = json.contains("\"mnemos_agent_file\"")
                ? AgentFiles.read(json)
                : LettaAgentFile.read(json, session.agent().organization(), session.toolNames()::contains);
        AgentKey key = parts.length > 1 ? new AgentKey(session.agent().organization(), parts[1]) : null;
        AgentKey imported = new AgentImport(session.store()).importAgent(agentFile, key);
        session.switchTo(imported);
    }
}
