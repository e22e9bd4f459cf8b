package dev.mnemos.kernel.pager;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.kernel.context.ContextOverflowException;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.memory.recall.Message;
import io.smallrye.mutiny.Uni;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Folds evicted messages into the recursive summary with the LLM (prompt {@code prompts/summarize.txt}),
 * and summarizes the summary again ({@code prompts/resummarize.txt}) while it is over its share of
 * the window. If the model still answers too long after that, the summary is cut at its limit:
 * the messages it covers stay in recall storage either way.
 */
public final class RecursiveSummary {

    private static final int ATTEMPTS = 2;

    private final Function<ChatRequest, Uni<ChatResponse>> model;
    private final ContextRenderer renderer;
    private final Prompts prompts;

    /** @param model the kernel's bounded path to the LLM */
    public RecursiveSummary(Function<ChatRequest, Uni<ChatResponse>> model, ContextRenderer renderer, Prompts prompts) {
        this.model = Objects.requireNonNull(model, "model");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    /** Produces the summary of {@code summary} followed by {@code evicted}, at most {@code limitTokens} tokens long. */
    public Uni<String> fold(String summary, List<ContextMessage> evicted, int limitTokens) {
        StringBuilder transcript = new StringBuilder();
        for (ContextMessage m : evicted) {
            transcript.append(line(m.message())).append('\n');
        }
        String prompt = prompts.summarize(summary, transcript.toString().strip(), words(limitTokens));
        return ask(prompt, limitTokens)
                .onFailure(ContextOverflowException::reported).recoverWithUni(refusal -> evicted.size() > 1
                        // More than the model reads at once: fold the halves one after the other.
                        ? fold(summary, evicted.subList(0, evicted.size() / 2), limitTokens)
                                .chain(first -> fold(first, evicted.subList(evicted.size() / 2, evicted.size()), limitTokens))
                        : foldCut(summary, line(evicted.getFirst().message()), limitTokens))
                .chain(folded -> shorten(folded, limitTokens, ATTEMPTS));
    }

    /** Folds one message too long for the model, cut to half its length until the model reads it; recall keeps it whole. */
    private Uni<String> foldCut(String summary, String line, int limitTokens) {
        String half = cut(line, renderer.tokens(line) / 2);
        if (half.isEmpty()) {
            return Uni.createFrom().item(summary);
        }
        return ask(prompts.summarize(summary, half, words(limitTokens)), limitTokens)
                .onFailure(ContextOverflowException::reported).recoverWithUni(refusal -> foldCut(summary, half, limitTokens));
    }

    private Uni<String> shorten(String summary, int limitTokens, int attempts) {
        if (renderer.tokens(summary) <= limitTokens) {
            return Uni.createFrom().item(summary);
        }
        if (attempts == 0) {
            return Uni.createFrom().item(cut(summary, limitTokens));
        }
        return ask(prompts.resummarize(summary, words(limitTokens)), limitTokens).chain(shorter -> shorten(shorter, limitTokens, attempts - 1));
    }

    private Uni<String> ask(String prompt, int limitTokens) {
        // Twice the limit leaves an over-long answer room to be summarized again, and bounds what a model writes.
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from(prompt)).maxOutputTokens(2 * limitTokens).build();
        return model.apply(request).map(r -> r.aiMessage().text() == null ? "" : r.aiMessage().text().strip());
    }

    private String cut(String summary, int limitTokens) {
        int low = 0;
        int high = summary.length();
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (renderer.tokens(summary.substring(0, mid)) <= limitTokens) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return summary.substring(0, low);
    }

    private static String line(Message m) {
        String text = m.content();
        if (!m.toolCalls().isEmpty()) {
            text = (text + " " + m.toolCalls().stream().map(c -> c.name() + c.arguments()).toList()).strip();
        }
        return "[" + m.createdAt().truncatedTo(ChronoUnit.SECONDS) + "] " + m.role().name().toLowerCase() + ": " + text;
    }

    /** English runs about three words to four tokens; asking for two words per three tokens leaves room. */
    private static int words(int limitTokens) {
        return Math.max(20, limitTokens * 2 / 3);
    }
}
