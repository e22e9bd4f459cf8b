package dev.mnemos.cli.serve;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.cli.serve.Bodies.ToolBody;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * The tools the organisation's agents are offered, each once, by name: the kernel's syscalls and the tools of the MCP
     * servers its agents attached.
     */
    public List<ToolSpecification> organization(String organization) {
        Map<String, ToolSpecification> byName = new TreeMap<>();
        for (AgentRecord agent : Agents.await(served.store().agents().list(organization))) {
            offered(agent.key()).forEach(t -> byName.putIfAbsent(t.name(), t));
        }
        return List.copyOf(byName.values());
    }

    /** The specifications in the agent's context window, {@code request_heartbeat} included. */
    public List<ToolSpecification> offered(AgentKey key) {
        return Agents.await(served.runtime().kernel().inspect(key)).tools();
    }
}
