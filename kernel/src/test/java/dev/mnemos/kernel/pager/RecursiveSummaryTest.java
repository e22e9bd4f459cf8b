package dev.mnemos.kernel.pager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecursiveSummaryTest {

    private final ContextRenderer renderer = new ContextRenderer(new ApproximateTokenCountEstimator(), Prompts.standard());
    private final List<String> prompts = new ArrayList<>();

    /** A model double answering the summarizer's prompts in turn. */
    private RecursiveSummary summary(String... answers) {
        Deque<String> script = new ArrayDeque<>(List.of(answers));
        return new RecursiveSummary(request -> {
            prompts.add(((UserMessage) request.messages().getFirst()).singleText());
            return Uni.createFrom().item(ChatResponse.builder().aiMessage(AiMessage.from(script.pollFirst())).build());
        }, renderer, Prompts.standard());
    }

    private List<dev.mnemos.kernel.context.ContextMessage> evicted() {
        Instant at = Instant.parse("2024-05-01T10:00:00Z");
        return List.of(renderer.queued(Message.of("1", Role.USER, "My name is Ada.", at, "s1")),
                renderer.queued(Message.of("2", Role.ASSISTANT, "Nice to meet you, Ada.", at, "s1")));
    }

    @Test
    void should_fold_the_evicted_messages_into_the_old_summary_when_it_fits() {
        var folded = summary("Ada introduced herself.").fold("The user said hello.", evicted(), 100)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        folded.assertItem("Ada introduced herself.");
        assertThat(prompts).singleElement().satisfies(p -> assertThat(p)
                .contains("The user said hello.").contains("user: My name is Ada.").contains("assistant: Nice to meet you, Ada."));
    }

    @Test
    void should_summarize_the_summary_again_when_it_grows_past_its_limit() {
        var folded = summary("word ".repeat(200), "Ada, briefly.").fold("", evicted(), 50)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        folded.assertItem("Ada, briefly.");
        assertThat(prompts).hasSize(2);
        assertThat(prompts.get(1)).startsWith("The running summary of a conversation has grown too long.");
    }

    @Test
    void should_cut_the_summary_at_its_limit_when_the_model_keeps_answering_too_long() {
        String tooLong = "word ".repeat(200);

        String folded = summary(tooLong, tooLong, tooLong).fold("", evicted(), 50)
                .subscribe().withSubscriber(UniAssertSubscriber.create()).getItem();

        assertThat(renderer.tokens(folded)).isEqualTo(50);
        assertThat(tooLong).startsWith(folded);
    }

    @Test
    void should_fail_when_the_model_request_fails() {
        var failing = new RecursiveSummary(request -> Uni.createFrom().<ChatResponse>failure(new IllegalStateException("down")),
                renderer, Prompts.standard());

        failing.fold("", evicted(), 50).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class, "down");
    }
}
