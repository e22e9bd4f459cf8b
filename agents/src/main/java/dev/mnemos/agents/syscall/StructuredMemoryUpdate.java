package dev.mnemos.agents.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.MemoryUpdate;
import dev.mnemos.memory.structured.MemoryUpdateException;
import dev.mnemos.memory.structured.MemoryUpdater;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.structured.UpdateScript;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code structured_memory_update(name, updates, schema?)}: applies PRISM-style updates to one of
 * the agent's structured memories, each on its own: those that break the schema are refused with
 * the reason, the rest are kept. Creates the memory under a built-in schema when it does not exist.
 *
 * <p>The memory is written to storage at once, not in the step's commit (the kernel's step buffer
 * knows only its own tiers): a step replayed after a crash may apply its updates a second time.
 */
public final class StructuredMemoryUpdate implements Syscall {

    public static final String NAME = "structured_memory_update";

    private final MemoryUpdater updater = new MemoryUpdater();
    private final ToolSpecification specification = ToolSpecification.builder()
            .name(NAME)
            .description(SyscallTexts.get(NAME))
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("name", SyscallTexts.get(NAME + ".name"))
                    .addStringProperty("updates", SyscallTexts.get(NAME + ".updates"))
                    .addEnumProperty("schema", MemorySchema.BUILT_IN, SyscallTexts.get(NAME + ".schema"))
                    .required("name", "updates")
                    .additionalProperties(false)
                    .build())
            .build();

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        String name = arguments.string("name");
        Optional<String> schema = arguments.optionalString("schema");
        return context.store().structuredMemories().load(context.agent(), name).chain(stored -> {
            if (stored.isEmpty() && schema.isEmpty()) {
                return Uni.createFrom().item(SyscallResult.error(
                        "there is no structured memory '" + name + "': to create it, give 'schema' (one of " + String.join(", ", MemorySchema.BUILT_IN) + ")"));
            }
            StructuredMemory start = stored.orElseGet(() -> StructuredMemory.fresh(name, MemorySchema.builtIn(schema.orElseThrow())));
            UpdateScript script = UpdateScript.parse(arguments.string("updates"));
            List<String> refused = new ArrayList<>(script.errors());
            StructuredMemory memory = start;
            for (MemoryUpdate update : script.updates()) {
                try {
                    memory = updater.apply(memory, update);
                } catch (MemoryUpdateException e) {
                    refused.add(e.getMessage());
                }
            }
            StructuredMemory result = memory;
            int applied = (int) (result.version() - start.version());
            String report = "Applied " + applied + " of " + (script.updates().size() + script.errors().size()) + " updates to '" + name
                    + "' (version " + result.version() + ")."
                    + (refused.isEmpty() ? "" : "\nRefused:\n- " + String.join("\n- ", refused))
                    + "\nMemory now: " + result.render();
            Uni<Void> saved = stored.isPresent() && applied == 0 ? Uni.createFrom().voidItem() : context.store().structuredMemories().save(context.agent(), result);
            return saved.replaceWith(applied == 0 && !refused.isEmpty() ? SyscallResult.error(report) : SyscallResult.ok(report));
        });
    }
}
