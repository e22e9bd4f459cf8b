package dev.mnemos.cli.serve.letta;

import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.Bodies.ToolBody;
import dev.mnemos.cli.serve.ToolResource;
import dev.mnemos.cli.serve.letta.LettaBodies.Tool;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Letta's {@code /v1/agents/{id}/tools}: the agent's tools, mnemos' own as {@code letta_core}, an MCP server's as {@code external_mcp}. */
@Path("/v1/agents/{id}/tools")
@Produces(MediaType.APPLICATION_JSON)
public class LettaToolResource {

    @Inject
    Agents agents;

    @Inject
    ToolResource tools;

    @GET
    public List<Tool> list(@PathParam("id") String id, @QueryParam("before") String before, @QueryParam("after") String after,
                           @QueryParam("limit") Integer limit) {
        List<Tool> all = tools.offered(agents.owned(id)).stream().map(ToolBody::of).map(Tool::of).toList();
        return ArrayPages.page(all, Tool::id, before, after, limit);
    }
}
