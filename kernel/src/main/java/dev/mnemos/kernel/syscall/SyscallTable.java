package dev.mnemos.kernel.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.context.Prompts;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The syscalls a kernel knows, by name; immutable. An agent's tool table is the subset its
 * configuration names; when it names none, every syscall but those {@linkplain #withAdded added}
 * to a running kernel (an MCP server's tools, attached for some agents only).
 */
public final class SyscallTable {

    /** The parameter every syscall accepts: ask for another step right after this one. */
    public static final String REQUEST_HEARTBEAT = "request_heartbeat";

    private final Map<String, Syscall> syscalls;
    private final Set<String> added;
    private final String heartbeatDescription;
    private final Map<List<String>, List<ToolSpecification>> specifications = new ConcurrentHashMap<>();

    private SyscallTable(Map<String, Syscall> syscalls, Set<String> added, String heartbeatDescription) {
        this.syscalls = syscalls;
        this.added = added;
        this.heartbeatDescription = heartbeatDescription;
    }

    /** A table of these syscalls, in this order. */
    public static SyscallTable of(List<? extends Syscall> syscalls, Prompts prompts) {
        return new SyscallTable(Map.of(), Set.of(), prompts.syscall(REQUEST_HEARTBEAT)).with(syscalls);
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
        return new SyscallTable(Collections.unmodifiableMap(all), added, heartbeatDescription);
    }

    /**
     * Produces a table with {@code syscall} added for the agents whose configuration names it; it
     * replaces a syscall added earlier under that name (a re-attached MCP server's tool).
     *
     * @throws IllegalArgumentException when a syscall the table was built with has that name
     */
    public SyscallTable withAdded(Syscall syscall) {
        if (syscalls.containsKey(syscall.name()) && !added.contains(syscall.name())) {
            throw new IllegalArgumentException("a syscall named '" + syscall.name() + "' is built in");
        }
        Map<String, Syscall> all = new LinkedHashMap<>(syscalls);
        all.remove(syscall.name());
        SyscallTable checked = new SyscallTable(Collections.unmodifiableMap(all), added, heartbeatDescription).with(List.of(syscall));
        Set<String> names = new HashSet<>(added);
        names.add(syscall.name());
        return new SyscallTable(checked.syscalls, Set.copyOf(names), heartbeatDescription);
    }

    /** The syscall of that name, if registered. */
    public Optional<Syscall> find(String name) {
        return Optional.ofNullable(syscalls.get(name));
    }

    /** Every registered name, in registration order. */
    public List<String> names() {
        return List.copyOf(syscalls.keySet());
    }

    /** The names an agent with {@code enabled} (empty: all but the added ones) may call, in registration order. */
    public List<String> enabled(List<String> enabled) {
        return syscalls.keySet().stream().filter(enabled.isEmpty() ? name -> !added.contains(name) : enabled::contains).toList();
    }

    /**
     * Produces the specifications the LLM sees for the {@code enabled} syscalls (see {@link #enabled}), each
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
