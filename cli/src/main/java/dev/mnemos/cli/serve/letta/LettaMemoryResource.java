package dev.mnemos.cli.serve.letta;

import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.Caller;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.letta.LettaBodies.BlockBody;
import dev.mnemos.cli.serve.letta.LettaBodies.CreatePassage;
import dev.mnemos.cli.serve.letta.LettaBodies.Passage;
import dev.mnemos.cli.serve.letta.LettaBodies.SearchResult;
import dev.mnemos.cli.serve.letta.LettaBodies.SearchResults;
import dev.mnemos.cli.serve.letta.LettaBodies.UpdateBlock;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.core.BlockEdit;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Letta's core memory blocks ({@code /core-memory/blocks}) and archival passages ({@code /archival-memory}) of an agent. */
@Path("/v1/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LettaMemoryResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    Caller caller;

    @GET
    @Path("/core-memory/blocks")
    public List<BlockBody> blocks(@PathParam("id") String id) {
        AgentKey key = owned(id);
        return Agents.await(served.store().blocks().blocks(key)).stream().map(b -> BlockBody.of(id, b)).toList();
    }

    @GET
    @Path("/core-memory/blocks/{label}")
    public BlockBody block(@PathParam("id") String id, @PathParam("label") String label) {
        AgentKey key = owned(id);
        return Agents.await(served.store().blocks().block(key, label)).map(b -> BlockBody.of(id, b))
                .orElseThrow(() -> new ErrorResponses.NotFound("agent '" + id + "' has no block '" + label + "'"));
    }

    @PATCH
    @Path("/core-memory/blocks/{label}")
    public BlockBody update(@PathParam("id") String id, @PathParam("label") String label, UpdateBlock body) {
        block(id, label);
        if (body == null || body.value() == null) {
            throw new IllegalArgumentException("give {\"value\": \"...\"}");
        }
        return BlockBody.of(id, Agents.await(served.store().blocks().edit(caller.agent(id), label, new BlockEdit.Rethink(body.value()))));
    }

    @POST
    @Path("/archival-memory")
    public List<Passage> insert(@PathParam("id") String id, CreatePassage body) {
        AgentKey key = owned(id);
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw new IllegalArgumentException("give {\"text\": \"...\"}");
        }
        Set<String> tags = body.tags() == null ? Set.of() : Set.copyOf(body.tags());
        return Agents.await(served.runtime().archival().insert(key, List.of(body.text()), tags)).stream()
                .map(p -> new Passage(p.id(), p.text(), List.copyOf(p.tags()), p.createdAt().toString(), id))
                .toList();
    }

    /** The passages closest in meaning to {@code search}: archival memory keeps no other order to list by. */
    @GET
    @Path("/archival-memory")
    public List<Passage> list(@PathParam("id") String id, @QueryParam("search") String search, @QueryParam("limit") @DefaultValue("50") int limit) {
        AgentKey key = owned(id);
        if (search == null || search.isBlank()) {
            throw new IllegalArgumentException("give ?search=...: mnemos lists archival passages by their closeness in meaning to it");
        }
        return Agents.await(served.runtime().archival().search(key, search, ArchivalQuery.top(limit))).stream()
                .map(s -> new Passage(s.passage().id(), s.passage().text(), List.copyOf(s.passage().tags()), s.passage().createdAt().toString(), id))
                .toList();
    }

    @DELETE
    @Path("/archival-memory/{passage}")
    public Map<String, String> delete(@PathParam("id") String id, @PathParam("passage") String passage) {
        AgentKey key = owned(id);
        if (!Agents.await(served.store().archival().delete(key, passage))) {
            throw new ErrorResponses.NotFound("agent '" + id + "' has no passage '" + passage + "'");
        }
        return Map.of("message", "passage '" + passage + "' deleted");
    }

    @GET
    @Path("/archival-memory/search")
    public SearchResults search(@PathParam("id") String id, @QueryParam("query") String query, @QueryParam("top_k") @DefaultValue("10") int topK) {
        AgentKey key = owned(id);
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("give the query as ?query=...");
        }
        List<SearchResult> results = Agents.await(served.runtime().archival().search(key, query, ArchivalQuery.top(topK))).stream()
                .map(s -> new SearchResult(s.passage().id(), s.passage().text(), s.passage().createdAt().toString(), List.copyOf(s.passage().tags())))
                .toList();
        return new SearchResults(results.size(), results);
    }

    private AgentKey owned(String id) {
        return agents.owned(id);
    }
}
