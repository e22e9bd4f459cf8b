package dev.mnemos.cli.serve;

import dev.mnemos.cli.serve.Bodies.InsertPassages;
import dev.mnemos.cli.serve.Bodies.PassageBody;
import dev.mnemos.cli.serve.Bodies.RecallHit;
import dev.mnemos.cli.serve.Bodies.RecallResults;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/agents/{id}/recall} and {@code /archival}: search an agent's messages, search and fill its archival memory. */
@Path("/api/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemoryResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    /** Messages with every word of {@code q}, best first; without {@code q}, the newest. */
    @GET
    @Path("/recall")
    public RecallResults recall(@PathParam("id") String id, @QueryParam("q") String q, @QueryParam("limit") @DefaultValue("20") int limit) {
        AgentKey key = agents.owned(id);
        RecallPage page = Agents.await(served.store().recall().search(key, q == null ? RecallQuery.newest(limit) : RecallQuery.text(q, limit)));
        return new RecallResults(page.messages().stream().map(RecallHit::of).toList(), page.total());
    }

    /** Passages closest in meaning to {@code q}. */
    @GET
    @Path("/archival")
    public List<PassageBody> archival(@PathParam("id") String id, @QueryParam("q") String q, @QueryParam("limit") @DefaultValue("10") int limit) {
        AgentKey key = agents.owned(id);
        if (q == null || q.isBlank()) {
            throw new IllegalArgumentException("give the query as ?q=...");
        }
        return search(key, q, limit).stream().map(PassageBody::of).toList();
    }

    List<ScoredPassage> search(AgentKey key, String q, int limit) {
        return Agents.await(served.runtime().archival().search(key, q, ArchivalQuery.top(limit)));
    }

    @POST
    @Path("/archival")
    @ResponseStatus(201)
    public List<PassageBody> insert(@PathParam("id") String id, InsertPassages body) {
        AgentKey key = agents.owned(id);
        if (body == null || body.texts() == null || body.texts().isEmpty()) {
            throw new IllegalArgumentException("give {\"texts\": [\"...\"], \"tags\": [...]}");
        }
        Set<String> tags = body.tags() == null ? Set.of() : new HashSet<>(body.tags());
        return Agents.await(served.runtime().archival().insert(key, body.texts(), tags)).stream()
                .map(p -> new PassageBody(p.id(), p.text(), List.copyOf(p.tags()), p.createdAt().toString(), null))
                .toList();
    }
}
