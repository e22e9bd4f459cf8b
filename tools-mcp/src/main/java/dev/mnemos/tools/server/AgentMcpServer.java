package dev.mnemos.tools.server;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalMemory;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * One agent as an MCP server (the official MCP Java SDK), for other assistants: {@code send_message}
 * (the reply, once committed), {@code read_core_memory}, {@code edit_core_memory},
 * {@code search_recall}, {@code search_archival} and {@code insert_passage}. A failing tool answers
 * with an MCP error result ({@code isError}), never by closing the session.
 *
 * <pre>{@code
 * try (var server = AgentMcpServer.stdio(kernel, store, archival, agent, System.in, System.out)) {
 *     server.awaitEnd();   // until the client closes stdin
 * }
 * }</pre>
 *
 * <p>Over stdio nothing but JSON-RPC may reach {@code out}: callers log to stderr. Over HTTP
 * ({@code mnemos serve}) the same tools are served statelessly by {@link #stateless}.
 */
public final class AgentMcpServer implements AutoCloseable {

    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    // Arguments are checked by AgentTools, with messages for the caller; the SDK's validator (networknt 3.x) is not on the class path.
    private static final JsonSchemaValidator ARGUMENTS_CHECKED_BY_TOOLS = (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    private static final Properties TEXTS = texts();

    private final McpSyncServer server;
    private final CountDownLatch ended;

    private AgentMcpServer(McpSyncServer server, CountDownLatch ended) {
        this.server = server;
        this.ended = ended;
    }

    /**
     * Serves the agent over a pair of streams (a process's stdin and stdout, or pipes in a test).
     *
     * @param archival archival memory in the kernel's embedding space, or null (the archival tools then answer with an error)
     */
    public static AgentMcpServer stdio(Kernel kernel, MemoryStore store, ArchivalMemory archival, AgentKey agent,
                                       InputStream in, OutputStream out) {
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    ended.countDown();
                }
                return c;
            }
        };
        var tools = new AgentTools(kernel, store, archival, agent, Duration.ofMinutes(10));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(JSON, watched, out))
                .serverInfo("mnemos", "0.1.0")
                .instructions(TEXTS.getProperty("instructions"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(JSON)
                .jsonSchemaValidator(ARGUMENTS_CHECKED_BY_TOOLS)
                .tools(tools(tools))
                .build();
        return new AgentMcpServer(server, ended);
    }

    /**
     * The same agent and tools as a stateless MCP server (no session: every request stands alone), for a
     * streamable HTTP transport that hands each JSON-RPC message to the handler it is given.
     *
     * @param archival archival memory in the kernel's embedding space, or null (the archival tools then answer with an error)
     */
    public static McpStatelessSyncServer stateless(Kernel kernel, MemoryStore store, ArchivalMemory archival, AgentKey agent,
                                                   McpStatelessServerTransport transport) {
        var tools = new AgentTools(kernel, store, archival, agent, Duration.ofMinutes(10));
        return McpServer.sync(transport)
                .serverInfo("mnemos", "0.1.0")
                .instructions(TEXTS.getProperty("instructions"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(JSON)
                .jsonSchemaValidator(ARGUMENTS_CHECKED_BY_TOOLS)
                .tools(tools(tools).stream()
                        // the handlers never read the session's exchange, which a stateless server has none of
                        .map(t -> new McpStatelessServerFeatures.SyncToolSpecification(t.tool(), (context, request) -> t.callHandler().apply(null, request)))
                        .toList())
                .build();
    }

    private static List<SyncToolSpecification> tools(AgentTools tools) {
        return List.of(
                tool("send_message", """
                        {"type":"object","properties":{"message":{"type":"string","description":"%s"}},"required":["message"]}"""
                        .formatted(text("send_message.message")), a -> tools.sendMessage(a.string("message"))),
                tool("read_core_memory", """
                        {"type":"object","properties":{}}""", a -> tools.readCoreMemory()),
                tool("edit_core_memory", """
                        {"type":"object","properties":{"label":{"type":"string","description":"%s"},\
                        "mode":{"type":"string","enum":["append","replace","rewrite"],"description":"%s"},\
                        "text":{"type":"string","description":"%s"},"old_text":{"type":"string","description":"%s"}},\
                        "required":["label","mode","text"]}""".formatted(text("edit_core_memory.label"), text("edit_core_memory.mode"),
                        text("edit_core_memory.text"), text("edit_core_memory.old_text")),
                        a -> tools.editCoreMemory(a.string("label"), a.string("mode"), a.string("text"), a.optional("old_text"))),
                tool("search_recall", """
                        {"type":"object","properties":{"query":{"type":"string","description":"%s"},\
                        "limit":{"type":"integer","description":"%s"}},"required":["query"]}"""
                        .formatted(text("search_recall.query"), text("search_recall.limit")),
                        a -> tools.searchRecall(a.string("query"), a.integer("limit"))),
                tool("search_archival", """
                        {"type":"object","properties":{"query":{"type":"string","description":"%s"},\
                        "limit":{"type":"integer","description":"%s"}},"required":["query"]}"""
                        .formatted(text("search_archival.query"), text("search_archival.limit")),
                        a -> tools.searchArchival(a.string("query"), a.integer("limit"))),
                tool("insert_passage", """
                        {"type":"object","properties":{"text":{"type":"string","description":"%s"},\
                        "tags":{"type":"string","description":"%s"}},"required":["text"]}"""
                        .formatted(text("insert_passage.text"), text("insert_passage.tags")),
                        a -> tools.insertPassage(a.string("text"), a.optional("tags"))));
    }

    private static SyncToolSpecification tool(String name, String schema, Function<AgentTools.Arguments, String> handler) {
        var tool = McpSchema.Tool.builder().name(name).description(text(name)).inputSchema(JSON, schema).build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    try {
                        String result = handler.apply(new AgentTools.Arguments(request.arguments()));
                        return McpSchema.CallToolResult.builder().addTextContent(result).isError(false).build();
                    } catch (RuntimeException e) {
                        return McpSchema.CallToolResult.builder().addTextContent(String.valueOf(e.getMessage())).isError(true).build();
                    }
                })
                .build();
    }

    /** The JSON mapper of these servers, for a transport that reads and writes their JSON-RPC messages. */
    public static McpJsonMapper jsonMapper() {
        return JSON;
    }

    /** Blocks until the client closes the input stream (the end of a stdio session). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Closes the session gracefully. */
    @Override
    public void close() {
        server.closeGracefully();
    }

    private static String text(String key) {
        return Objects.requireNonNull(TEXTS.getProperty(key), "no text " + key).replace("\"", "\\\"");
    }

    private static Properties texts() {
        try (Reader in = new InputStreamReader(Objects.requireNonNull(AgentMcpServer.class.getResourceAsStream("tools.properties"),
                "missing tools.properties"), StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
