package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryWalkerTest {

    private final ApproximateTokenCountEstimator estimator = new ApproximateTokenCountEstimator();

    private SummaryTree tree(ScriptedChatModel model, int decoyAt) {
        return new SummaryTreeBuilder(model, estimator, PlantedFactDocument.SHAPE)
                .build("doc", PlantedFactDocument.paragraphs(200, 137, decoyAt), BuildProgress.SILENT)
                .tree();
    }

    @Test
    void should_reach_the_planted_fact_in_depth_calls_when_summaries_lead_straight_to_it() {
        ScriptedChatModel model = PlantedFactDocument.model();
        SummaryTree tree = tree(model, -1);
        model.forget();

        WalkResult result = new MemoryWalker(model, estimator, 50).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.outcome()).isEqualTo(WalkResult.Outcome.ANSWERED);
        assertThat(result.answer()).isEqualTo("4471");
        assertThat(result.leafId()).isEqualTo("0.137");
        // one decision per level: four summary levels, then the leaf
        assertThat(result.cost().calls()).isEqualTo(tree.depth());
        assertThat(model.calls()).isEqualTo(tree.depth());
        assertThat(result.trail()).extracting(WalkStep::action).containsExactly("GO 3.1", "GO 2.5", "GO 1.27", "GO 0.137", "ANSWER");
        assertThat(result.trail().getFirst().reasoning()).contains("mentions the vault");
    }

    @Test
    void should_back_out_of_a_wrong_branch_when_its_leaf_does_not_hold_the_answer() {
        ScriptedChatModel model = PlantedFactDocument.model();
        SummaryTree tree = tree(model, 20);
        model.forget();

        WalkResult result = new MemoryWalker(model, estimator, 50).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.answered()).isTrue();
        assertThat(result.leafId()).isEqualTo("0.137");
        assertThat(result.trail()).extracting(WalkStep::action)
                .containsExactly(
                        "GO 3.0", "GO 2.0", "GO 1.4", "GO 0.20", // down the decoy's branch
                        "BACK", "BACK", "BACK", "BACK", // the leaf, then each parent with nothing else to offer
                        "GO 3.1", "GO 2.5", "GO 1.27", "GO 0.137", "ANSWER");
        assertThat(result.cost().calls()).isLessThanOrEqualTo(3L * tree.depth());
        // the walker remembers the dead end when it chooses again at the root
        String secondRootPrompt = model.prompts().get(8);
        assertThat(secondRootPrompt).contains("Already ruled out:").contains("- 3.0 does not hold the answer");
        assertThat(secondRootPrompt).contains("Summary 1:\nParts 125 to 199").doesNotContain("Summary 2:");
    }

    @Test
    void should_retry_once_with_the_error_when_a_reply_is_malformed() {
        ScriptedChatModel scripted = PlantedFactDocument.model();
        SummaryTree tree = tree(scripted, -1);
        AtomicInteger garbled = new AtomicInteger();
        ScriptedChatModel model = new ScriptedChatModel()
                .on(prompt -> garbled.getAndIncrement() == 0, prompt -> "I think the second one.")
                .on(prompt -> true, prompt -> scripted.doChat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                        .messages(dev.langchain4j.data.message.UserMessage.from(prompt)).build()).aiMessage().text());

        WalkResult result = new MemoryWalker(model, estimator, 50).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.answer()).isEqualTo("4471");
        assertThat(model.calls()).isEqualTo(tree.depth() + 1);
        assertThat(model.prompts().get(1)).contains("could not be read: the reply has no line starting with 'Action:'")
                .contains("I think the second one.");
    }

    @Test
    void should_count_a_second_malformed_reply_as_backing_out_when_the_retry_fails_too() {
        ScriptedChatModel model = new ScriptedChatModel().on(prompt -> true, prompt -> "Action: GO 9");
        SummaryTree tree = tree(PlantedFactDocument.model(), -1);

        WalkResult result = new MemoryWalker(model, estimator, 50).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.outcome()).isEqualTo(WalkResult.Outcome.NOT_FOUND);
        assertThat(result.trail()).extracting(WalkStep::action).containsExactly("BACK (malformed)");
        assertThat(model.calls()).isEqualTo(2);
        assertThat(model.prompts().get(1)).contains("there is no summary 9: choose 1 to 2");
    }

    @Test
    void should_give_up_when_the_step_budget_runs_out() {
        ScriptedChatModel model = PlantedFactDocument.model();
        SummaryTree tree = tree(model, 20);
        model.forget();

        WalkResult result = new MemoryWalker(model, estimator, 3).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.outcome()).isEqualTo(WalkResult.Outcome.OUT_OF_STEPS);
        assertThat(result.answer()).isEmpty();
        assertThat(model.calls()).isEqualTo(3);
    }

    @Test
    void should_report_not_found_when_no_branch_holds_the_answer() {
        ScriptedChatModel model = PlantedFactDocument.model();
        SummaryTree tree = new SummaryTreeBuilder(model, estimator, PlantedFactDocument.SHAPE)
                .build("doc", PlantedFactDocument.paragraphs(40, -1, 12), BuildProgress.SILENT).tree();

        WalkResult result = new MemoryWalker(model, estimator, 50).walk(tree, PlantedFactDocument.QUESTION);

        assertThat(result.outcome()).isEqualTo(WalkResult.Outcome.NOT_FOUND);
        assertThat(result.trail().getLast().action()).isEqualTo("BACK");
    }
}
