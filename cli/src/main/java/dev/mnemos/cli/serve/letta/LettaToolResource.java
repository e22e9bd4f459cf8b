package dev.mnemos.cli.serve.letta;

import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.OffContext;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.ToolResource;
import dev.mnemos.cli.serve.letta.LettaBodies.AgentState;
import dev.mnemos.cli.serve.letta.LettaBodies.Tool;
import dev.mnemos.memory.AgentKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Letta's {@code /v1/agents/{id}/tools}: the agent's tools, mnemos' own as {@code letta_core}, an MCP server's as
 * {@code external_mcp}; {@code attach/{tool_id}} offers the agent a tool of its organisation ({@code /v1/tools}), and
 * {@code detach/{tool_id}} takes one out of its tool table.
 */
@Path("/v1/agents/{id}/tools")
@Produces(MediaType.APPLICATION_JSON)
public class LettaToolResource {

    @Inject
    Agents agents;

    @Inject
    ToolResource tools;

    @Inject
    ServedMnemos served;

    @Inject
    LettaAgentResource lettaAgents;

    @GET
    public List<Tool> list(@PathParam("id") String id, @QueryParam("before") String before, @QueryParam("after") String after,
                           @QueryParam("limit") Integer limit) {
        return LettaOrganizationToolResource.page(tools.offered(agents.owned(id)), null, before, after, limit);
    }

    @PATCH
    @Path("/attach/{tool_id}")
    public AgentState attach(@PathParam("id") String id, @PathParam("tool_id") String toolId) {
        AgentKey key = agents.owned(id);
        String name = LettaOrganizationToolResource.find(tools.organization(key.organization()), toolId).name();
        var runtime = served.runtime();
        if (runtime.tools().tool(name).isPresent()) {
            runtime.tools().allow(key, name); // an MCP tool another agent's server registered
        }
        OffContext.run(() -> {
            runtime.offerTools(key, List.of(name));
            return null;
        });
        return lettaAgents.state(agents.require(key));
    }

    @PATCH
    @Path("/detach/{tool_id}")
    public AgentState detach(@PathParam("id") String id, @PathParam("tool_id") String toolId) {
        AgentKey key = agents.owned(id);
        String name = LettaOrganizationToolResource.find(tools.offered(key), toolId).name();
        var runtime = served.runtime();
        OffContext.run(() -> {
            runtime.withdrawTools(key, name::equals);
            return null;
        });
        return lettaAgents.state(agents.require(key));
    }
}
