package dev.mnemos.cli.serve;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.cli.serve.Bodies.ToolBody;
import dev.mnemos.memory.AgentKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/agents/{id}/tools}: the tools the agent's LLM is offered, as it sees them (the kernel's syscalls and those of attached MCP servers). */
@Path("/api/agents/{id}/tools")
@Produces(MediaType.APPLICATION_JSON)
public class ToolResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @GET
    public List<ToolBody> list(@PathParam("id") String id) {
        return offered(agents.owned(id)).stream().map(ToolBody::of).toList();
    }

    /** The specifications in the agent's context window, {@code request_heartbeat} included. */
    public List<ToolSpecification> offered(AgentKey key) {
        return Agents.await(served.runtime().kernel().inspect(key)).tools();
    }
}
