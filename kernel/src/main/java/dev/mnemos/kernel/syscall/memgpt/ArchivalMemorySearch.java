package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import io.smallrye.mutiny.Uni;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code archival_memory_search(query, page?, tags?)}: pages through archival storage by similarity, best first. */
public record ArchivalMemorySearch(ToolSpecification specification) implements Syscall {

    public static final String NAME = "archival_memory_search";
    public static final int PAGE_SIZE = 5;

    /** The syscall, described with the texts of {@code prompts}. */
    public static ArchivalMemorySearch of(Prompts prompts) {
        return new ArchivalMemorySearch(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("query", MemGptSpecification.parameter(prompts, NAME, "query"))
                .addIntegerProperty("page", MemGptSpecification.parameter(prompts, NAME, "page"))
                .addProperty("tags", MemGptSpecification.tags(prompts, NAME))
                .required("query")));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        long page = arguments.integer("page", 0);
        if (page < 0 || (page + 1) * PAGE_SIZE > 1000) {
            return Uni.createFrom().item(SyscallResult.error(context.prompts().text("error.page_range", Map.of("max", 1000 / PAGE_SIZE - 1, "page", page))));
        }
        var filters = new ArchivalQuery(PAGE_SIZE, (int) page * PAGE_SIZE, Set.copyOf(arguments.strings("tags")), null, null);
        return context.searchArchival(arguments.string("query"), filters).map(found -> render(context, found, page));
    }

    private static SyscallResult render(SyscallContext context, List<ScoredPassage> found, long page) {
        if (found.isEmpty()) {
            return SyscallResult.ok(context.prompts().text("archival_memory_search.none"));
        }
        long first = page * PAGE_SIZE + 1;
        StringBuilder out = new StringBuilder(context.prompts().text("archival_memory_search.page",
                Map.of("from", first, "to", first + found.size() - 1, "nextPage", page + 1)));
        for (ScoredPassage p : found) {
            out.append('\n').append(context.prompts().text("archival_memory_search.passage", Map.of(
                    "time", p.passage().createdAt().truncatedTo(ChronoUnit.SECONDS),
                    "score", String.format(Locale.ROOT, "%.3f", p.score()),
                    "text", p.passage().text())));
        }
        return SyscallResult.ok(out.toString());
    }
}
