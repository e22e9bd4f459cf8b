package dev.mnemos.cli.serve;

import dev.mnemos.agents.file.AgentExport;
import dev.mnemos.agents.file.AgentFile;
import dev.mnemos.agents.file.AgentFiles;
import dev.mnemos.agents.file.AgentImport;
import dev.mnemos.cli.serve.Bodies.Agent;
import dev.mnemos.memory.AgentKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Agent files (agents/AGENT-FILE.md): export one of the caller's agents, import one into the
 * caller's organisation (whatever organisation the file names).
 */
@Path("/api/agents")
public class AgentFileResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    Caller caller;

    @GET
    @Path("/{id}/export")
    @Produces(MediaType.APPLICATION_JSON)
    public String export(@PathParam("id") String id) {
        AgentKey key = agents.owned(id);
        var tools = Agents.await(served.runtime().kernel().inspect(key)).tools();
        return AgentFiles.write(OffContext.run(() -> new AgentExport(served.store()).export(key, tools)));
    }

    /** Imports the file as a new agent; {@code ?id=} renames it, else it keeps the id it had. */
    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Agent importFile(@QueryParam("id") String id, String body) {
        AgentFile file = AgentFiles.read(body == null ? "" : body);
        AgentKey key = caller.agent(id != null && !id.isBlank() ? id : file.agent().id());
        OffContext.run(() -> new AgentImport(served.store()).importAgent(file, key));
        return Agent.of(agents.require(key));
    }
}
