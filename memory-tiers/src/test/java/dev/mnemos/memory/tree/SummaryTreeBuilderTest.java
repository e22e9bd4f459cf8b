package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SummaryTreeBuilderTest {

    private final ScriptedChatModel model = PlantedFactDocument.model();
    private final SummaryTreeBuilder builder = new SummaryTreeBuilder(model, new ApproximateTokenCountEstimator(), PlantedFactDocument.SHAPE);

    @Test
    void should_build_levels_of_fan_out_five_when_document_has_200_segments() {
        List<int[]> progress = new ArrayList<>();

        TreeBuild build = builder.build("doc", PlantedFactDocument.paragraphs(200, 137, -1), (done, total) -> progress.add(new int[] {done, total}));

        SummaryTree tree = build.tree();
        assertThat(tree.levels().stream().map(List::size).toList()).containsExactly(200, 40, 8, 2, 1);
        assertThat(tree.depth()).isEqualTo(5);
        assertThat(tree.leaves().getFirst().text()).startsWith("Part 0.");
        assertThat(tree.leaves().get(137).text()).contains(PlantedFactDocument.FACT);
        for (TreeNode node : tree.nodes()) {
            if (!node.isLeaf()) {
                assertThat(tree.children(node)).hasSizeBetween(1, 5);
            }
        }
        assertThat(tree.children(tree.root())).extracting(TreeNode::id).containsExactly("3.0", "3.1");
        assertThat(tree.root().summary()).isEqualTo("Parts 0 to 199, which mention the vault.");
        // one summary per leaf, then 40 + 8 + 2 + 1 summaries of summaries
        assertThat(build.cost().calls()).isEqualTo(251);
        assertThat(model.calls()).isEqualTo(251);
        assertThat(build.written()).hasSize(251);
        assertThat(progress).hasSize(251);
        assertThat(progress.getLast()).containsExactly(251, 251);
        assertThat(build.cost().inputTokens()).isPositive();
        assertThat(build.cost().outputTokens()).isPositive();
    }

    @Test
    void should_summarize_only_the_path_to_the_root_when_text_is_appended() {
        SummaryTree before = builder.build("doc", PlantedFactDocument.paragraphs(200, 137, -1), BuildProgress.SILENT).tree();
        model.forget();

        TreeBuild append = builder.append(before, PlantedFactDocument.paragraphs(200, 1, -1, -1), BuildProgress.SILENT);

        SummaryTree after = append.tree();
        assertThat(after.levels().stream().map(List::size).toList()).containsExactly(201, 41, 9, 2, 1);
        // the last leaf had room, so it took the new paragraph's start and was summarized again;
        // what overflowed became leaf 200. Above them only their ancestors change.
        Set<String> expected = new HashSet<>(ancestorsOf(after, List.of(199, 200)));
        assertThat(append.written()).extracting(TreeNode::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(append.cost().calls()).isEqualTo(expected.size());
        assertThat(model.calls()).isEqualTo(expected.size());
        assertThat(expected).hasSize(8);
        for (TreeNode node : before.nodes()) {
            if (!expected.contains(node.id())) {
                assertThat(after.node(node.id())).isEqualTo(node);
            }
        }
        assertThat(after.watermark()).isEqualTo(before.watermark() + 1);
    }

    @Test
    void should_match_a_full_build_when_a_document_is_appended_paragraph_by_paragraph() {
        SummaryTree grown = SummaryTree.empty("doc", PlantedFactDocument.SHAPE);
        long calls = 0;
        for (int i = 0; i < 30; i++) {
            TreeBuild step = builder.append(grown, PlantedFactDocument.paragraphs(i, 1, 7, -1), BuildProgress.SILENT);
            assertThat(step.cost().calls()).isLessThanOrEqualTo(2L * (step.tree().depth() + 1));
            calls += step.cost().calls();
            grown = step.tree();
        }

        SummaryTree whole = builder.build("doc", PlantedFactDocument.paragraphs(30, 7, -1), BuildProgress.SILENT).tree();
        assertThat(grown.levels().stream().map(List::size).toList()).isEqualTo(whole.levels().stream().map(List::size).toList());
        assertThat(grown.root().summary()).isEqualTo(whole.root().summary());
        assertThat(calls).isGreaterThan(30);
    }

    @Test
    void should_change_nothing_when_appended_text_is_blank() {
        SummaryTree tree = builder.build("doc", PlantedFactDocument.paragraphs(3, -1, -1), BuildProgress.SILENT).tree();
        model.forget();

        TreeBuild append = builder.append(tree, "  \n", BuildProgress.SILENT);

        assertThat(append.tree()).isEqualTo(tree);
        assertThat(append.written()).isEmpty();
        assertThat(model.calls()).isZero();
    }

    @Test
    void should_make_the_single_leaf_the_root_when_document_fits_one_segment() {
        SummaryTree tree = builder.build("doc", "A short note about the vault.", BuildProgress.SILENT).tree();

        assertThat(tree.depth()).isEqualTo(1);
        assertThat(tree.root().isLeaf()).isTrue();
        assertThat(tree.root().summary()).isEqualTo("No parts, which mention the vault.");
    }

    @Test
    void should_refuse_a_tree_cut_to_another_shape_when_appending() {
        SummaryTree other = SummaryTree.empty("doc", new TreeShape(100, 3));

        assertThatThrownBy(() -> builder.append(other, "text", BuildProgress.SILENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut as");
    }

    private static List<String> ancestorsOf(SummaryTree tree, List<Integer> leafPositions) {
        Set<String> ids = new HashSet<>();
        for (int position : leafPositions) {
            for (int level = 0; level < tree.depth(); level++) {
                ids.add(level + "." + position);
                position /= tree.shape().fanOut();
            }
        }
        return List.copyOf(ids);
    }
}
