package dev.mnemos.cli.serve.mcp;

import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.mcp.McpAttachment;
import dev.mnemos.tools.mcp.McpServerConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code /api/agents/{id}/mcp-servers}: attach an MCP server to an agent (a program mnemos starts and talks to
 * over stdio, or a streamable HTTP URL), list and detach them; the agent is offered the server's tools as
 * {@code <server>__<tool>}. See {@link McpAttachments} for who may share a server.
 */
@Path("/api/agents/{id}/mcp-servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class McpServerResource {

    /** A server to attach: {@code command} (with {@code args} and {@code env}) for stdio, or {@code url}. */
    public record AttachMcpServer(String name, String command, List<String> args, Map<String, String> env, String url) {}

    /** An attached server; the environment it was given is never shown (it may hold secrets). */
    public record McpServerBody(String name, String transport, String command, List<String> args, String url,
                                List<String> tools, Map<String, String> refused) {
        static McpServerBody of(McpServerConfig config, McpAttachment attachment) {
            return switch (config) {
                case McpServerConfig.Stdio s -> new McpServerBody(s.name(), "stdio", s.command(), s.args(), null, attachment.syscalls(), attachment.refused());
                case McpServerConfig.StreamableHttp h -> new McpServerBody(h.name(), "http", null, null, h.endpoint().toString(), attachment.syscalls(), attachment.refused());
            };
        }
    }

    @Inject
    Agents agents;

    @Inject
    McpAttachments attachments;

    @GET
    public List<McpServerBody> list(@PathParam("id") String id) {
        AgentKey key = agents.owned(id);
        return attachments.of(key).entrySet().stream()
                .map(e -> McpServerBody.of(attachments.config(key, e.getKey()).orElseThrow(), e.getValue()))
                .toList();
    }

    @GET
    @Path("/{name}")
    public McpServerBody get(@PathParam("id") String id, @PathParam("name") String name) {
        AgentKey key = agents.owned(id);
        McpAttachment attachment = attachments.of(key).get(name);
        if (attachment == null) {
            throw new ErrorResponses.NotFound("agent '" + id + "' has no MCP server '" + name + "'");
        }
        return McpServerBody.of(attachments.config(key, name).orElseThrow(), attachment);
    }

    @POST
    @ResponseStatus(201)
    public McpServerBody attach(@PathParam("id") String id, AttachMcpServer body) {
        AgentKey key = agents.owned(id);
        McpServerConfig config = config(body);
        return McpServerBody.of(config, attachments.attach(key, config));
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    public void detach(@PathParam("id") String id, @PathParam("name") String name) {
        if (!attachments.detach(agents.owned(id), name)) {
            throw new ErrorResponses.NotFound("agent '" + id + "' has no MCP server '" + name + "'");
        }
    }

    private static McpServerConfig config(AttachMcpServer body) {
        String usage = "give {\"name\": \"fs\", \"command\": \"npx\", \"args\": [...], \"env\": {...}} or {\"name\": \"fs\", \"url\": \"http://host/mcp\"}";
        if (body == null || body.name() == null) {
            throw new IllegalArgumentException(usage);
        }
        boolean stdio = body.command() != null && !body.command().isBlank();
        boolean http = body.url() != null && !body.url().isBlank();
        if (stdio == http) {
            throw new IllegalArgumentException("give either a command or a url: " + usage);
        }
        if (stdio) {
            if (body.args() != null && body.args().contains(null) || body.env() != null && (body.env().containsKey(null) || body.env().containsValue(null))) {
                throw new IllegalArgumentException("args and env must not hold null");
            }
            return new McpServerConfig.Stdio(body.name(), body.command(), body.args() == null ? List.of() : body.args(),
                    body.env() == null ? Map.of() : body.env());
        }
        try {
            return new McpServerConfig.StreamableHttp(body.name(), new URI(body.url()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the url is not a URL: " + e.getMessage());
        }
    }
}
