package dev.mnemos.cli.serve.mcp;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.cli.serve.OffContext;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.server.AgentMcpServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * One stateless {@link AgentMcpServer} per agent, made on its first request, behind MCP's
 * streamable HTTP transport: each POST carries one JSON-RPC message, and a request's response is
 * the HTTP answer (plain JSON; no session and no server-sent stream is kept).
 */
@ApplicationScoped
public class AgentMcpEndpoints {

    private static final McpJsonMapper JSON = AgentMcpServer.jsonMapper();

    @Inject
    ServedMnemos served;

    private final Map<AgentKey, McpStatelessServerHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Produces the JSON-RPC response to a request; empty for a notification or a client's response.
     *
     * @throws IllegalArgumentException when the body is no JSON-RPC message
     */
    public Optional<String> handle(AgentKey agent, String body) {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(JSON, body == null ? "" : body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the body is not one JSON-RPC message (a request or a notification): " + e.getMessage());
        }
        McpStatelessServerHandler handler = handlers.computeIfAbsent(agent, this::serve);
        McpTransportContext context = McpTransportContext.create(Map.of("agent", agent.toString()));
        // The tools wait on the store and the kernel: off Vert.x' worker context (see OffContext).
        return OffContext.run(() -> switch (message) {
            case McpSchema.JSONRPCRequest request -> Optional.of(write(handler.handleRequest(context, request).block(AgentRuntime.TIMEOUT)));
            case McpSchema.JSONRPCNotification notification -> {
                handler.handleNotification(context, notification).block(AgentRuntime.TIMEOUT);
                yield Optional.<String>empty();
            }
            default -> Optional.<String>empty();
        });
    }

    private McpStatelessServerHandler serve(AgentKey agent) {
        var runtime = served.runtime();
        var transport = new HandlerCapture();
        AgentMcpServer.stateless(runtime.kernel(), runtime.store(), runtime.archival(), agent, transport);
        return transport.handler;
    }

    private static String write(McpSchema.JSONRPCResponse response) {
        try {
            return JSON.writeValueAsString(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The transport side the SDK sees: it only hands over the handler, which {@link #handle} calls. */
    private static final class HandlerCapture implements McpStatelessServerTransport {

        private McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
            this.handler = handler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
