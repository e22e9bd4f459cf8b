package dev.mnemos.kernel.pager;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.context.ContextOverflowException;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A model that refuses a prompt as longer than its context (as OpenAI does, with a 400) whose context the
 * kernel does not know: the kernel evicts and asks again, and fails the step for good, without retries,
 * when there is nothing left to evict.
 */
class ContextOverflowTest {

    private static final Function<ChatRequest, AiMessage> REFUSE = r -> {
        throw new InvalidRequestException("This model's maximum context length is 512 tokens. However, your messages resulted in "
                + "900 tokens. (code: context_length_exceeded)");
    };

    @Test
    void should_recognize_the_refusals_of_models_and_nothing_else() {
        assertThat(ContextOverflowException.reported(new RuntimeException("wrapped", new InvalidRequestException(
                "prompt is too long: 210000 tokens > 200000 maximum")))).isTrue();
        assertThat(ContextOverflowException.reported(new IllegalStateException("the request exceeds the available context size"))).isTrue();
        assertThat(ContextOverflowException.reported(new InvalidRequestException("invalid api key"))).isFalse();
        assertThat(ContextOverflowException.reported(new IllegalStateException((String) null))).isFalse();
    }

    @Test
    void should_evict_and_ask_again_when_the_model_refuses_the_prompt_as_too_long() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"noted\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            List<StepEvent> events = listen(t);
            for (int i = 0; i < 4; i++) {
                t.blocking().send(t.agent(), "fact number " + i);
            }
            model.then(REFUSE);

            Reply reply = t.blocking().send(t.agent(), "and one more");

            assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
            List<ChatRequest> sent = model.requests();
            ChatRequest refused = sent.get(sent.size() - 2);
            ChatRequest answered = sent.getLast();
            assertThat(answered.messages().size()).isLessThan(refused.messages().size());
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(StepEvent.Paged.class,
                    p -> assertThat(p.evictedMessages()).isPositive()));
            assertThat(events).noneMatch(StepEvent.Failed.class::isInstance);
        }
    }

    @Test
    void should_fail_for_good_without_retrying_when_nothing_is_left_to_evict() {
        var model = new ScriptedChatModel().then(REFUSE).otherwise(r -> call("send_message", "{\"message\": \"noted\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            List<StepEvent> events = listen(t);

            Reply failed = t.blocking().send(t.agent(), "a first message the model will not read");
            Reply next = t.blocking().send(t.agent(), "a second one");

            assertThat(failed.status()).isEqualTo(Reply.Status.FAILED);
            List<StepEvent.Failed> failures = events.stream().filter(StepEvent.Failed.class::isInstance).map(StepEvent.Failed.class::cast).toList();
            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.retrying()).isFalse();
                assertThat(f.reason()).contains("does not fit the model", "context_length_exceeded");
            });
            assertThat(model.requests()).as("asked once for the first message, once for the second").hasSize(2);
            assertThat(next.status()).isEqualTo(Reply.Status.ANSWERED);
        }
    }

    private static List<StepEvent> listen(TestKernel t) {
        List<StepEvent> events = new CopyOnWriteArrayList<>();
        t.kernel().events(t.agent()).subscribe().with(events::add);
        return events;
    }
}
