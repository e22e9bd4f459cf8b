package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.InMemoryStore;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamingTest {

    /** A streaming test double that answers every request with "Hello there" in three pieces. */
    private static final StreamingChatModel STREAMING = new StreamingChatModel() {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            for (String piece : new String[] {"Hel", "lo ", "there"}) {
                handler.onPartialResponse(piece);
            }
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hello there")).build());
        }
    };

    @Test
    void should_emit_token_deltas_before_the_message_when_the_model_streams() {
        var agent = new AgentKey("acme", "sam");
        try (Kernel kernel = Kernel.builder().store(new InMemoryStore()).streamingChatModel(STREAMING).build()) {
            var blocking = kernel.blocking(TestKernel.TIMEOUT);
            blocking.spawn(agent, "Sam", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
            AssertSubscriber<StepEvent> events = kernel.events(agent).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

            Reply reply = blocking.send(agent, "hi");

            assertThat(reply.messages()).containsExactly("Hello there");
            events.awaitItems(7, Duration.ofSeconds(5));
            assertThat(events.getItems()).extracting(e -> e instanceof StepEvent.TokenDelta d ? "delta:" + d.text() : e.getClass().getSimpleName())
                    .containsExactly("Started", "delta:Hel", "delta:lo ", "delta:there", "Usage", "AssistantMessage", "Committed");
        }
    }
}
