package dev.mnemos.cli.serve;

import dev.mnemos.cli.serve.Bodies.BlockBody;
import dev.mnemos.cli.serve.Bodies.EditBlock;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.BlockEdit;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/agents/{id}/blocks}: an agent's core memory. */
@Path("/api/agents/{id}/blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BlockResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    Caller caller;

    @GET
    public List<BlockBody> list(@PathParam("id") String id) {
        AgentKey key = agents.owned(id);
        return Agents.await(served.store().blocks().blocks(key)).stream().map(BlockBody::of).toList();
    }

    @GET
    @Path("/{label}")
    public BlockBody get(@PathParam("id") String id, @PathParam("label") String label) {
        AgentKey key = agents.owned(id);
        return Agents.await(served.store().blocks().block(key, label)).map(BlockBody::of)
                .orElseThrow(() -> new ErrorResponses.NotFound("agent '" + id + "' has no block '" + label + "'"));
    }

    @PATCH
    @Path("/{label}")
    public BlockBody edit(@PathParam("id") String id, @PathParam("label") String label, EditBlock body) {
        get(id, label);
        return BlockBody.of(Agents.await(served.store().blocks().edit(caller.agent(id), label, edit(body))));
    }

    static BlockEdit edit(EditBlock body) {
        if (body == null) {
            throw new IllegalArgumentException("give one of value, append, or oldText with newText");
        }
        if (body.value() != null) {
            return new BlockEdit.Rethink(body.value());
        }
        if (body.append() != null) {
            return new BlockEdit.Append(body.append());
        }
        if (body.oldText() != null && body.newText() != null) {
            return new BlockEdit.Replace(body.oldText(), body.newText());
        }
        throw new IllegalArgumentException("give one of value, append, or oldText with newText");
    }
}
