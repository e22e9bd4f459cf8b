package dev.mnemos.agents.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** {@code structured_memory_read(name?)}: one of the agent's structured memories as compact JSON, or the list of them. */
public final class StructuredMemoryRead implements Syscall {

    public static final String NAME = "structured_memory_read";

    private final ToolSpecification specification = ToolSpecification.builder()
            .name(NAME)
            .description(SyscallTexts.get(NAME))
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("name", SyscallTexts.get(NAME + ".name"))
                    .additionalProperties(false)
                    .build())
            .build();

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        Optional<String> name = arguments.optionalString("name");
        if (name.isEmpty()) {
            return context.store().structuredMemories().list(context.agent())
                    .map(names -> SyscallResult.ok(names.isEmpty() ? "You have no structured memories." : "Your structured memories: " + String.join(", ", names)));
        }
        return context.store().structuredMemories().load(context.agent(), name.get()).map(found -> found
                .map(memory -> SyscallResult.ok("'" + memory.name() + "' (schema " + memory.schema().name() + ", version " + memory.version() + "): " + memory.render()))
                .orElseGet(() -> SyscallResult.error("there is no structured memory '" + name.get() + "'")));
    }
}
