package dev.mnemos.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApproximateTokenCountEstimatorTest {

    private final ApproximateTokenCountEstimator estimator = new ApproximateTokenCountEstimator();

    @Test
    void should_count_about_four_characters_a_token_and_at_least_one_a_word() {
        assertThat(estimator.estimateTokenCountInText("")).isZero();
        assertThat(estimator.estimateTokenCountInText("a b c d e f")).isEqualTo(6);
        assertThat(estimator.estimateTokenCountInText("extraordinarily")).isEqualTo(4);
    }

    @Test
    void should_count_framing_and_tool_calls_when_estimating_messages() {
        AiMessage call = AiMessage.from(List.of(ToolExecutionRequest.builder().id("1").name("memory_walk").arguments("{\"query\":\"who\"}").build()));

        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from("hello there"))).isEqualTo(4 + 2 + 1);
        assertThat(estimator.estimateTokenCountInMessage(call)).isEqualTo(4 + 4 + estimator.estimateTokenCountInText("memory_walk")
                + estimator.estimateTokenCountInText("{\"query\":\"who\"}"));
        assertThat(estimator.estimateTokenCountInMessages(List.of(UserMessage.from("hello there"), call)))
                .isEqualTo(estimator.estimateTokenCountInMessage(UserMessage.from("hello there")) + estimator.estimateTokenCountInMessage(call));
    }
}
