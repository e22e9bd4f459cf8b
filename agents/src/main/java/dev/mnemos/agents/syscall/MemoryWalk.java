package dev.mnemos.agents.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.Workers;
import dev.mnemos.memory.tree.BuildProgress;
import dev.mnemos.memory.tree.MemoryWalker;
import dev.mnemos.memory.tree.RecallTree;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.memory.tree.WalkResult;
import dev.mnemos.memory.tree.WalkStep;
import io.smallrye.mutiny.Uni;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code memory_walk(query, tree?)}: answers a question with MemWalker over one of the agent's
 * summary trees, by default the tree over its recall history, which is brought up to date first.
 * The walk's cost is recorded with the tree. Not finding the answer is a result, not an error.
 */
public final class MemoryWalk implements Syscall {

    public static final String NAME = "memory_walk";

    private final SummaryTreeBuilder builder;
    private final MemoryWalker walker;
    private final TreeShape shape;
    private final ToolSpecification specification = ToolSpecification.builder()
            .name(NAME)
            .description(SyscallTexts.get(NAME))
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("query", SyscallTexts.get(NAME + ".query"))
                    .addStringProperty("tree", SyscallTexts.get(NAME + ".tree"))
                    .required("query")
                    .additionalProperties(false)
                    .build())
            .build();

    public MemoryWalk(SummaryTreeBuilder builder, MemoryWalker walker, TreeShape shape) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.walker = Objects.requireNonNull(walker, "walker");
        this.shape = Objects.requireNonNull(shape, "shape");
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        String query = arguments.string("query");
        String treeId = arguments.optionalString("tree").orElse(RecallTree.ID);
        Uni<SummaryTree> tree = treeId.equals(RecallTree.ID)
                ? new RecallTree(context.store(), builder, shape).extend(context.agent(), BuildProgress.SILENT)
                : context.store().summaryTrees().load(context.agent(), treeId).map(found -> found.orElse(null));
        return tree.chain(found -> {
            if (found == null) {
                return context.store().summaryTrees().list(context.agent())
                        .map(ids -> SyscallResult.error("there is no summary tree '" + treeId + "'; your trees: " + (ids.isEmpty() ? "none" : String.join(", ", ids))));
            }
            if (found.isEmpty()) {
                return Uni.createFrom().item(SyscallResult.ok("the tree '" + treeId + "' is empty: there is nothing to walk yet"));
            }
            return Uni.createFrom().item(() -> walker.walk(found, query))
                    .runSubscriptionOn(Workers.pool())
                    .call(walk -> context.store().summaryTrees().recordWalk(context.agent(), treeId, walk.cost()))
                    .map(MemoryWalk::render);
        });
    }

    private static SyscallResult render(WalkResult walk) {
        String path = walk.trail().stream().map(WalkStep::action).collect(Collectors.joining(" > "));
        return SyscallResult.ok(switch (walk.outcome()) {
            case ANSWERED -> "Answer: " + walk.answer() + "\nFound in node " + walk.leafId() + " (path: " + path + ")";
            case NOT_FOUND -> "Not found: every branch of the tree was ruled out (path: " + path + ")";
            case OUT_OF_STEPS -> "Not found within the step budget (path: " + path + ")";
        });
    }
}
