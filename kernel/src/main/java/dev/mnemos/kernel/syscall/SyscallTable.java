package dev.mnemos.kernel.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.context.Prompts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The syscalls a kernel knows, by name; immutable. An agent's tool table is the subset its
 * configuration names (all of them when it names none).
 */
public final class SyscallTable {

    /** The parameter every syscall accepts: ask for another step right after this one. */
    public static final String REQUEST_HEARTBEAT = "request_heartbeat";

    private final Map<String, Syscall> syscalls;
    private final String heartbeatDescription;
    private final Map<List<String>, List<ToolSpecification>> specifications = new ConcurrentHashMap<>();

    private SyscallTable(Map<String, Syscall> syscalls, String heartbeatDescription) {
        this.syscalls = syscalls;
        this.heartbeatDescription = heartbeatDescription;
    }

    /** A table of these syscalls, in this order. */
    public static SyscallTable of(List<? extends Syscall> syscalls, Prompts prompts) {
        return new SyscallTable(Map.of(), prompts.syscall(REQUEST_HEARTBEAT)).with(syscalls);
    }

    /**
     * Produces a table with {@code more} added.
     *
     * @throws IllegalArgumentException when a name is taken already, or a syscall declares the
     *     {@value #REQUEST_HEARTBEAT} parameter itself
     */
    public SyscallTable with(List<? extends Syscall> more) {
        Map<String, Syscall> all = new LinkedHashMap<>(syscalls);
        for (Syscall s : more) {
            if (all.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("a syscall named '" + s.name() + "' is registered already");
            }
            JsonObjectSchema parameters = s.specification().parameters();
            if (parameters != null && parameters.properties().containsKey(REQUEST_HEARTBEAT)) {
                throw new IllegalArgumentException("syscall '" + s.name() + "' must not declare " + REQUEST_HEARTBEAT + ": the kernel adds it");
            }
        }
        return new SyscallTable(Collections.unmodifiableMap(all), heartbeatDescription);
    }

    /** The syscall of that name, if registered. */
    public Optional<Syscall> find(String name) {
        return Optional.ofNullable(syscalls.get(name));
    }

    /** Every registered name, in registration order. */
    public List<String> names() {
        return List.copyOf(syscalls.keySet());
    }

    /** The names an agent with {@code enabled} (empty: all) may call, in registration order. */
    public List<String> enabled(List<String> enabled) {
        return enabled.isEmpty() ? names() : syscalls.keySet().stream().filter(enabled::contains).toList();
    }

    /**
     * Produces the specifications the LLM sees for the {@code enabled} syscalls (empty: all), each
     * with the optional boolean {@value #REQUEST_HEARTBEAT} added to its parameters.
     */
    public List<ToolSpecification> specifications(List<String> enabled) {
        return specifications.computeIfAbsent(List.copyOf(enabled), names -> enabled(names).stream()
                .map(name -> withHeartbeat(syscalls.get(name).specification()))
                .toList());
    }

    private ToolSpecification withHeartbeat(ToolSpecification spec) {
        JsonObjectSchema parameters = spec.parameters() == null ? JsonObjectSchema.builder().build() : spec.parameters();
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder()
                .description(parameters.description())
                .addProperties(parameters.properties())
                .addBooleanProperty(REQUEST_HEARTBEAT, heartbeatDescription)
                .required(parameters.required() == null ? List.of() : parameters.required());
        if (parameters.additionalProperties() != null) {
            builder.additionalProperties(parameters.additionalProperties());
        }
        return spec.toBuilder().parameters(builder.build()).build();
    }
}
