package dev.mnemos.memory.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongMemoryEvaluationTest {

    @Test
    void should_ship_a_story_longer_than_the_budget_with_answers_deep_in_it() throws Exception {
        QaSet set = QaSet.builtIn();
        ApproximateTokenCountEstimator estimator = new ApproximateTokenCountEstimator();

        assertThat(estimator.estimateTokenCountInText(set.document())).isGreaterThan(5_000);
        assertThat(set.items()).hasSizeGreaterThanOrEqualTo(12);
        // answers that do not occur at all in the first quarter (about 1,500 tokens) of the story
        String start = set.document().substring(0, set.document().length() / 4).toLowerCase();
        long deep = set.items().stream().filter(item -> !start.contains(item.answers().getFirst().toLowerCase())).count();
        assertThat(deep).isGreaterThanOrEqualTo(set.items().size() * 2 / 3);
    }

    @Test
    void should_score_truncation_below_the_tiers_when_answers_lie_past_the_budget() throws Exception {
        QaSet set = QaSet.builtIn();
        var model = OracleReader.of(set);

        List<MethodScore> scores = new LongMemoryEvaluation(model, new ApproximateTokenCountEstimator(), 1024, null)
                .run(set, List.of("memwalker", "prism", "truncation"));

        assertThat(scores).extracting(MethodScore::method).containsExactly("MemWalker", "PRISM", "plain truncation");
        int total = set.items().size();
        assertThat(scores.get(0).correct()).isEqualTo(total);
        assertThat(scores.get(1).correct()).isEqualTo(total);
        assertThat(scores.get(2).correct()).as(scores.toString()).isBetween(1, total / 3);
        assertThat(scores.get(0).cost().calls()).isGreaterThan(total);
        assertThat(scores.get(2).cost().calls()).isEqualTo(total);
    }

    @Test
    void should_count_questions_whose_calls_fail_and_go_on_with_the_other_methods() throws Exception {
        QaSet set = QaSet.builtIn();
        var oracle = OracleReader.of(set);
        ChatModel contextTooSmallForPrism = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (request.messages().getLast() instanceof UserMessage user && user.singleText().stripTrailing().endsWith("Updates:")) {
                    throw new IllegalArgumentException("the prompt has 2100 tokens, the context holds 2048");
                }
                return oracle.chat(request);
            }
        };

        List<MethodScore> scores = new LongMemoryEvaluation(contextTooSmallForPrism, new ApproximateTokenCountEstimator(), 1024, null)
                .run(set, List.of("prism", "truncation"));

        int total = set.items().size();
        assertThat(scores.get(0).failed()).isEqualTo(total);
        assertThat(scores.get(0).correct()).isZero();
        assertThat(scores.get(1).failed()).isZero();
        assertThat(scores.get(1).correct()).isPositive();
    }

    @Test
    void should_accept_an_answer_when_it_contains_an_accepted_one_in_any_case_or_punctuation() {
        QaItem item = new QaItem("What was the brig called?", List.of("Merrow's Daughter"));

        assertThat(item.isAnsweredBy("She was the MERROW'S DAUGHTER, of Falmouth.")).isTrue();
        assertThat(item.isAnsweredBy("The Merrow")).isFalse();
        assertThat(new QaItem("How many?", List.of("60")).isAnsweredBy("160 barrels")).isFalse();
    }
}
