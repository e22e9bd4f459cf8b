package dev.mnemos.cli.serve.mcp;

import dev.mnemos.cli.serve.Agents;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/agents/{id}/mcp}: the agent as an MCP server over streamable HTTP (the tools of
 * {@code mnemos mcp}: send_message, read/edit core memory, search recall and archival, insert a
 * passage), behind the same API key as every route. There is no GET stream: a client's GET gets 405,
 * which the transport allows.
 */
@Path("/api/agents/{id}/mcp")
public class McpResource {

    @Inject
    Agents agents;

    @Inject
    AgentMcpEndpoints endpoints;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(@PathParam("id") String id, String body) {
        return endpoints.handle(agents.owned(id), body)
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Response.accepted().build());
    }
}
