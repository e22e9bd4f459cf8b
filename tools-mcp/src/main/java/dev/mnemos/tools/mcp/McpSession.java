package dev.mnemos.tools.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One live connection to an MCP server, from the handshake to {@link #close()}; a restart is a new session. Every
 * method blocks, so {@link McpServerLink} calls them on the tool workers.
 */
final class McpSession implements AutoCloseable {

    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    // The SDK would load its own validator for structured tool output, built on json-schema-validator 3, which
    // cannot share a class path with the 1.5 line mnemos uses; mnemos shows the LLM the content, so none is needed.
    private static final JsonSchemaValidator NO_OUTPUT_CHECK =
            (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    private static final int STDERR_LINES = 20;

    private final McpSyncClient client;
    private final Optional<ProcessHandle> process;
    private final Deque<String> stderr;

    private McpSession(McpSyncClient client, Optional<ProcessHandle> process, Deque<String> stderr) {
        this.client = client;
        this.process = process;
        this.stderr = stderr;
    }

    /**
     * Starts (for stdio) or reaches (for HTTP) a server and completes the MCP handshake.
     *
     * @throws RuntimeException when the server cannot be started or reached, or does not answer in time
     */
    static McpSession open(McpServerConfig config, McpServerOptions options) {
        var stderr = new ArrayDeque<String>();
        var transport = transport(config, stderr);
        var client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("mnemos", "0.1.0"))
                .initializationTimeout(options.connectTimeout())
                // per-call timeouts are the registry's; this bound only frees a worker that nobody waits for anymore
                .requestTimeout(options.toolTimeout().plus(options.connectTimeout()))
                .jsonSchemaValidator(NO_OUTPUT_CHECK)
                .build();
        Set<Long> before = ChildProcess.children();
        var process = new AtomicReference<ProcessHandle>();
        try {
            handshake(client, config, before, options.connectTimeout(), process);
        } catch (RuntimeException e) {
            awaitLastWords(process.get(), stderr);
            closeQuietly(client);
            Optional.ofNullable(process.get()).ifPresent(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("MCP server '" + config.name() + "' did not start: " + rootMessage(e)
                    + lastLines(stderr), e);
        }
        return new McpSession(client, Optional.ofNullable(process.get()), stderr);
    }

    /**
     * Runs the MCP handshake and finds a stdio server's process meanwhile, so that a server that exits at once (a
     * wrong path, a missing module) fails the handshake at once instead of at the timeout.
     */
    private static void handshake(McpSyncClient client, McpServerConfig config, Set<Long> before, Duration timeout,
            AtomicReference<ProcessHandle> process) {
        var done = CompletableFuture.runAsync(client::initialize, task -> Thread.ofVirtual().start(task));
        var deadline = System.nanoTime() + timeout.toNanos();
        boolean stdio = config instanceof McpServerConfig.Stdio;
        while (true) {
            try {
                // look often: a server that dies at once must be seen alive first to be known as ours
                done.get(10, TimeUnit.MILLISECONDS);
                if (stdio && process.get() == null) {
                    ChildProcess.take(before, args(config)).ifPresent(process::set);
                }
                return;
            } catch (TimeoutException stillRunning) {
                if (stdio && process.get() == null) {
                    ChildProcess.take(before, args(config)).ifPresent(process::set);
                }
                if (process.get() != null && !process.get().isAlive()) {
                    throw new IllegalStateException("the server process exited during the handshake");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no answer to the handshake within " + timeout.toMillis() + " ms");
                }
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof RuntimeException e ? e : new IllegalStateException(failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the handshake", interrupted);
            }
        }
    }

    /** Gives a process that died a moment to have its stderr read: its last lines usually say why it died. */
    private static void awaitLastWords(ProcessHandle process, Deque<String> stderr) {
        if (process == null || process.isAlive()) {
            return;
        }
        var deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline) {
            synchronized (stderr) {
                if (!stderr.isEmpty()) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The server process, for a stdio server whose process could be found. */
    Optional<ProcessHandle> process() {
        return process;
    }

    /** Every tool the server lists, through all pages. */
    List<McpSchema.Tool> listTools() {
        var tools = new ArrayList<McpSchema.Tool>();
        String cursor = null;
        do {
            var page = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return tools;
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    void ping() {
        client.ping();
    }

    /** The server's last lines on stderr, for error messages; empty for HTTP servers. */
    String lastStderr() {
        return lastLines(stderr);
    }

    /** Ends the session at once, for a server that died or hangs: kills its process first. Never throws. */
    void kill() {
        process.ifPresent(ProcessHandle::destroyForcibly);
        close();
    }

    /** Ends the session: a graceful close, then, for a process that does not go, a kill. Never throws. */
    @Override
    public void close() {
        closeQuietly(client);
        process.ifPresent(p -> {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                p.destroyForcibly();
            }
        });
    }

    static String rootMessage(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        var message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return failure == cause || failure.getMessage() == null ? message : failure.getMessage() + " (" + message + ")";
    }

    private static McpClientTransport transport(McpServerConfig config, Deque<String> stderr) {
        return switch (config) {
            case McpServerConfig.Stdio stdio -> {
                var parameters = ServerParameters.builder(stdio.command()).args(stdio.args()).env(stdio.env()).build();
                var transport = new StdioClientTransport(parameters, JSON);
                transport.setStdErrorHandler(line -> {
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > STDERR_LINES) {
                            stderr.removeFirst();
                        }
                    }
                });
                yield transport;
            }
            case McpServerConfig.StreamableHttp http -> {
                var endpoint = http.endpoint();
                var base = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
                var path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/mcp" : endpoint.getRawPath();
                yield HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery())
                        .connectTimeout(Duration.ofSeconds(5))
                        .jsonMapper(JSON)
                        .build();
            }
        };
    }

    private static List<String> args(McpServerConfig config) {
        return config instanceof McpServerConfig.Stdio stdio ? stdio.args() : List.of();
    }

    private static String lastLines(Deque<String> stderr) {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "\nlast lines on its stderr:\n" + String.join("\n", stderr);
        }
    }

    private static void closeQuietly(McpSyncClient client) {
        try {
            client.closeGracefully();
        } catch (RuntimeException ignored) {
            client.close();
        }
    }
}
