package dev.mnemos.cli.serve.letta;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.Caller;
import dev.mnemos.cli.serve.OffContext;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.letta.LettaBodies.AgentState;
import dev.mnemos.cli.serve.letta.LettaBodies.BlockBody;
import dev.mnemos.cli.serve.letta.LettaBodies.CreateAgent;
import dev.mnemos.cli.serve.letta.LettaBodies.Memory;
import dev.mnemos.cli.serve.letta.LettaBodies.MemoryBlock;
import dev.mnemos.cli.serve.letta.LettaBodies.UpdateAgent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.core.Block;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Letta's {@code /v1/agents}: create (with {@code memory_blocks}), list, retrieve and delete; every agent is a mnemos chat agent. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LettaAgentResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    Caller caller;

    @POST
    public AgentState create(CreateAgent body) {
        AgentKey key = caller.agent("agent-" + UUID.randomUUID());
        List<MemoryBlock> blocks = body == null || body.memoryBlocks() == null ? List.of() : body.memoryBlocks();
        String name = body == null || body.name() == null ? key.agent() : body.name();
        String persona = value(blocks, "persona", ChatAgent.defaultPersona());
        String human = value(blocks, "human", "");
        var runtime = served.runtime();
        OffContext.run(() -> new ChatAgent(runtime).spawn(key, name, persona, human, served.fit(AgentConfig.DEFAULT)));
        for (MemoryBlock b : blocks) {
            if (!b.label().equals("persona") && !b.label().equals("human")) {
                Agents.await(served.store().blocks().create(key, new Block(b.label(), b.value() == null ? "" : b.value(),
                        b.limit() == null ? Block.DEFAULT_LIMIT : b.limit(), false, b.description(), 0)));
            }
        }
        return state(agents.require(key));
    }

    @GET
    public List<AgentState> list(@QueryParam("name") String name, @QueryParam("before") String before, @QueryParam("after") String after,
                                 @QueryParam("limit") Integer limit) {
        List<AgentRecord> named = Agents.await(served.store().agents().list(caller.organization())).stream()
                .filter(r -> name == null || r.name().equals(name))
                .toList();
        return ArrayPages.page(named, r -> r.key().agent(), before, after, limit).stream().map(this::state).toList();
    }

    @GET
    @Path("/{id}")
    public AgentState retrieve(@PathParam("id") String id) {
        return state(agents.require(caller.agent(id)));
    }

    /** Renames the agent and/or replaces its system prompt; the next step sees both. */
    @PATCH
    @Path("/{id}")
    public AgentState update(@PathParam("id") String id, UpdateAgent body) {
        AgentRecord record = agents.require(caller.agent(id));
        if (body == null || body.name() == null && body.system() == null) {
            throw new IllegalArgumentException("give {\"name\": \"...\"} and/or {\"system\": \"...\"}");
        }
        if (body.name() != null && body.name().isBlank()) {
            throw new IllegalArgumentException("the name must not be blank");
        }
        var runtime = served.runtime();
        OffContext.run(() -> {
            if (body.name() != null) {
                Agents.await(served.store().agents().update(new AgentRecord(record.key(), body.name(), record.type(), record.config(),
                        record.state(), record.version(), record.createdAt(), Instant.now())));
            }
            var kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
            AgentConfig config = kernel.process(record.key()).config();
            if (body.system() != null) {
                config = new AgentConfig(body.system(), config.contextWindowTokens(), config.modelName(), config.temperature(),
                        config.maxOutputTokens(), config.pager(), config.maxStepsPerInterrupt(), config.tools());
            }
            // also when only the name changed: the kernel reads the agent again
            return kernel.reconfigure(record.key(), config);
        });
        return state(agents.require(record.key()));
    }

    @DELETE
    @Path("/{id}")
    public Map<String, String> delete(@PathParam("id") String id) {
        if (!Agents.await(served.store().agents().delete(caller.agent(id)))) {
            throw new NoSuchAgentException("no agent '" + id + "'");
        }
        return Map.of("message", "agent '" + id + "' deleted");
    }

    AgentState state(AgentRecord r) {
        List<BlockBody> blocks = Agents.await(served.store().blocks().blocks(r.key())).stream().map(b -> BlockBody.of(r.key().agent(), b)).toList();
        String system = Agents.await(served.runtime().kernel().process(r.key())).config().systemPrompt();
        return new AgentState(r.key().agent(), r.name(), "memgpt_agent", system, new Memory(blocks), blocks, List.of(), List.of(), Map.of(),
                r.createdAt().toString(), r.updatedAt().toString());
    }

    private static String value(List<MemoryBlock> blocks, String label, String fallback) {
        return blocks.stream().filter(b -> label.equals(b.label()) && b.value() != null).map(MemoryBlock::value).findFirst().orElse(fallback);
    }
}
