package dev.mnemos.tools;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The tools agents may call, and the one door through which every call goes.
 *
 * <p>{@link #register} refuses a tool whose schema is malformed. {@link #call} never fails and never throws: an unknown
 * tool, a tool outside the agent's {@link ToolAllowList}, arguments that are no JSON object or break the schema, a
 * timeout, a crash of the tool all come back as a {@link ToolResult} with {@code error} set, for the LLM to read.
 * Every result, good or bad, passes the {@link ToolOutputFence}.
 *
 * <p>Safe for concurrent use.
 */
public final class ToolRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ToolDefinition> tools = new ConcurrentHashMap<>();
    private final Map<AgentKey, ToolAllowList> allowLists = new ConcurrentHashMap<>();
    private final ToolOutputFence fence;

    /** @param fence how results are truncated and marked */
    public ToolRegistry(ToolOutputFence fence) {
        this.fence = requireNonNull(fence, "fence");
    }

    /** A registry with {@link ToolOutputFence#standard()}. */
    public static ToolRegistry standard() {
        return new ToolRegistry(ToolOutputFence.standard());
    }

    /**
     * Adds a tool.
     *
     * @throws InvalidToolSchemaException when its schema breaks {@link ToolSchemaRules}; nothing is registered
     * @throws IllegalArgumentException when a tool of that name is registered already
     */
    public void register(ToolDefinition tool) {
        var problems = ToolSchemaRules.problemsOf(tool.schema().json());
        if (!problems.isEmpty()) {
            throw new InvalidToolSchemaException(tool.name(), problems);
        }
        if (tools.putIfAbsent(tool.name(), tool) != null) {
            throw new IllegalArgumentException("a tool named '" + tool.name() + "' is registered already");
        }
    }

    /** Removes a tool; {@code false} when there was none of that name. Calls in flight finish. */
    public boolean unregister(String name) {
        return tools.remove(name) != null;
    }

    /** The tool of this name, if registered. */
    public Optional<ToolDefinition> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** Every registered tool, by name. */
    public List<ToolDefinition> tools() {
        return tools.values().stream().sorted(Comparator.comparing(ToolDefinition::name)).toList();
    }

    /** Adds names or prefixes (see {@link ToolAllowList}) to what the agent may call. */
    public void allow(AgentKey agent, String... entries) {
        allowLists.merge(agent, ToolAllowList.of(entries), (old, added) -> old.plus(added.entries().toArray(String[]::new)));
    }

    /** Takes names or prefixes, exactly as {@link #allow} was given them, out of what the agent may call. */
    public void disallow(AgentKey agent, String... entries) {
        allowLists.computeIfPresent(agent, (key, old) -> old.minus(entries));
    }

    /** What the agent may call; {@link ToolAllowList#none()} for an agent never allowed anything. */
    public ToolAllowList allowList(AgentKey agent) {
        return allowLists.getOrDefault(agent, ToolAllowList.none());
    }

    /** The tools the agent may call, as LangChain4j specifications for its {@code ChatRequest}, by name. */
    public List<ToolSpecification> specificationsFor(AgentKey agent) {
        var allowed = allowList(agent);
        return tools().stream().filter(tool -> allowed.permits(tool.name())).map(ToolDefinition::specification).toList();
    }

    /**
     * Produces a {@code Uni} that runs one tool call of an agent, within the tool's timeout.
     *
     * <p>The {@code Uni} never fails: every failure becomes an error result (see the class comment). It emits on
     * whatever thread the tool finishes on, a worker thread for blocking tools, never the subscriber's.
     *
     * @param agent the calling agent
     * @param request the LLM's call; blank arguments mean none
     */
    public Uni<ToolResult> call(AgentKey agent, ToolExecutionRequest request) {
        var name = request.name() == null ? "" : request.name();
        var tool = tools.get(name);
        if (tool == null) {
            return refuse(request, "unknown tool '" + name + "'; the tools you may call are: "
                    + String.join(", ", specificationsFor(agent).stream().map(ToolSpecification::name).toList()));
        }
        if (!allowList(agent).permits(name)) {
            return refuse(request, "tool '" + name + "' is not allowed for agent '" + agent + "'");
        }
        Map<String, Object> arguments;
        try {
            arguments = parse(request.arguments());
        } catch (RuntimeException e) {
            return refuse(request, "the arguments of '" + name + "' are not a JSON object: " + e.getMessage());
        }
        var violations = tool.schema().violationsOf(arguments);
        if (violations.isPresent()) {
            return refuse(request, "the arguments of '" + name + "' do not match its schema: " + violations.get()
                    + "\nschema: " + tool.schema().toJson());
        }
        Uni<ToolOutput> output;
        try {
            output = tool.handler().call(arguments);
        } catch (RuntimeException e) {
            output = Uni.createFrom().failure(e);
        }
        return output
                .ifNoItem().after(tool.timeout())
                .failWith(() -> new TimeoutException("no answer within " + tool.timeout().toMillis() + " ms; the call was abandoned"))
                .onItem().ifNull().continueWith(() -> ToolOutput.text(""))
                .onFailure().recoverWithItem(failure -> ToolOutput.failure("tool '" + name + "' failed: " + describe(failure)))
                .map(result -> enclose(request, result));
    }

    private Uni<ToolResult> refuse(ToolExecutionRequest request, String message) {
        return Uni.createFrom().item(enclose(request, ToolOutput.failure(message)));
    }

    private ToolResult enclose(ToolExecutionRequest request, ToolOutput output) {
        var name = request.name() == null ? "" : request.name();
        return new ToolResult(request.id(), name, fence.enclose(name, output), output.error());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(arguments, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e.getOriginalMessage(), e);
        }
    }

    private static String describe(Throwable failure) {
        var cause = failure;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
