package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * {@code conversation_search(query?, start_date?, end_date?, page?)}: pages through recall storage,
 * the messages of users and the assistant (tool results and kernel notices are left out), newest
 * first. Dates are ISO-8601 days (UTC) or instants; an end day includes that whole day.
 */
public record ConversationSearch(ToolSpecification specification) implements Syscall {

    public static final String NAME = "conversation_search";
    public static final int PAGE_SIZE = 5;

    /** The syscall, described with the texts of {@code prompts}. */
    public static ConversationSearch of(Prompts prompts) {
        return new ConversationSearch(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("query", MemGptSpecification.parameter(prompts, NAME, "query"))
                .addStringProperty("start_date", MemGptSpecification.parameter(prompts, NAME, "start_date"))
                .addStringProperty("end_date", MemGptSpecification.parameter(prompts, NAME, "end_date"))
                .addIntegerProperty("page", MemGptSpecification.parameter(prompts, NAME, "page"))));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        long page = arguments.integer("page", 0);
        if (page < 0 || page * PAGE_SIZE > 10_000) {
            return Uni.createFrom().item(SyscallResult.error(context.prompts().text("error.page_range", Map.of("max", 10_000 / PAGE_SIZE, "page", page))));
        }
        Instant from;
        Instant to;
        try {
            from = arguments.optionalString("start_date").map(d -> instant(d, false)).orElse(null);
            to = arguments.optionalString("end_date").map(d -> instant(d, true)).orElse(null);
        } catch (DateTimeParseException e) {
            return Uni.createFrom().item(SyscallResult.error(context.prompts().text("error.bad_date", Map.of("date", e.getParsedString()))));
        }
        var query = new RecallQuery(arguments.optionalString("query").orElse(null), from, to,
                Set.of(Role.USER, Role.ASSISTANT), RecallQuery.Order.NEWEST_FIRST, (int) page * PAGE_SIZE, PAGE_SIZE);
        return context.searchRecall(query).map(found -> render(context.prompts(), found, page));
    }

    private static SyscallResult render(Prompts prompts, RecallPage found, long page) {
        if (found.messages().isEmpty()) {
            return SyscallResult.ok(prompts.text("conversation_search.none"));
        }
        long pages = (found.total() + PAGE_SIZE - 1) / PAGE_SIZE;
        StringBuilder out = new StringBuilder(prompts.text("conversation_search.page",
                Map.of("page", page, "pages", pages, "total", found.total(), "pageSize", PAGE_SIZE)));
        for (Message m : found.messages()) {
            String content = m.content().isEmpty() && !m.toolCalls().isEmpty() ? m.toolCalls().toString() : m.content();
            out.append('\n').append(prompts.text("conversation_search.message", Map.of(
                    "time", m.createdAt().truncatedTo(ChronoUnit.SECONDS),
                    "role", m.role().name().toLowerCase(),
                    "content", content)));
        }
        return SyscallResult.ok(out.toString());
    }

    private static Instant instant(String text, boolean end) {
        if (text.length() == 10) {
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(text);
    }
}
