package dev.mnemos.cli.serve;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.AgentTypes;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.cli.serve.Bodies.Agent;
import dev.mnemos.cli.serve.Bodies.CreateAgent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/agents}: create, list, read and delete the caller's agents. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    Caller caller;

    @POST
    @ResponseStatus(201)
    public Agent create(CreateAgent body) {
        if (body == null) {
            throw new IllegalArgumentException("give a JSON body, at least {\"name\": \"...\"}");
        }
        AgentKey key = caller.agent(body.id() == null || body.id().isBlank() ? "agent-" + UUID.randomUUID() : body.id());
        String name = body.name() == null || body.name().isBlank() ? key.agent() : body.name();
        String type = body.type() == null ? ChatAgent.TYPE : body.type();
        var runtime = served.runtime();
        OffContext.run(() -> {
            if (type.equals(ChatAgent.TYPE) && (body.persona() != null || body.human() != null)) {
                String persona = body.persona() == null ? ChatAgent.defaultPersona() : body.persona();
                new ChatAgent(runtime).spawn(key, name, persona, body.human() == null ? "" : body.human(), AgentConfig.DEFAULT);
            } else {
                AgentTypes.create(runtime, type, key, name);
            }
            var kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
            return kernel.reconfigure(key, served.fit(kernel.process(key).config()));
        });
        return Agent.of(agents.require(key));
    }

    @GET
    public List<Agent> list() {
        return Agents.await(served.store().agents().list(caller.organization())).stream().map(Agent::of).toList();
    }

    @GET
    @Path("/{id}")
    public Agent get(@PathParam("id") String id) {
        return Agent.of(agents.require(caller.agent(id)));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public void delete(@PathParam("id") String id) {
        if (!Agents.await(served.store().agents().delete(caller.agent(id)))) {
            throw new NoSuchAgentException("no agent '" + id + "'");
        }
    }
}
