package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.conformance.ConformanceBase;
import org.junit.jupiter.api.Test;

/** What every engine's {@link SummaryTreeStore} must do; an engine's test extends it. */
public abstract class SummaryTreeStoreConformance extends ConformanceBase {

    private final SummaryTreeBuilder builder =
            new SummaryTreeBuilder(PlantedFactDocument.model(), new ApproximateTokenCountEstimator(), PlantedFactDocument.SHAPE);

    private SummaryTreeStore trees() {
        return store().summaryTrees();
    }

    private TreeBuild build(int paragraphs) {
        return builder.build("doc:mill", PlantedFactDocument.paragraphs(paragraphs, 17, -1), BuildProgress.SILENT);
    }

    @Test
    void should_load_the_tree_it_wrote_when_a_build_is_stored() {
        AgentKey agent = agent();
        TreeBuild build = build(60);

        await(trees().write(agent, build));

        assertThat(await(trees().load(agent, "doc:mill"))).contains(build.tree());
        assertThat(await(trees().list(agent))).containsExactly("doc:mill");
    }

    @Test
    void should_hold_the_extended_tree_when_only_the_nodes_an_append_touched_are_written() {
        AgentKey agent = agent();
        TreeBuild build = build(60);
        await(trees().write(agent, build));

        TreeBuild append = builder.append(build.tree(), PlantedFactDocument.paragraphs(60, 4, -1, -1), BuildProgress.SILENT);
        await(trees().write(agent, append));

        assertThat(append.written().size()).isLessThan(append.tree().nodes().size() / 4);
        assertThat(await(trees().load(agent, "doc:mill"))).contains(append.tree());
        TreeCosts costs = await(trees().costs(agent, "doc:mill"));
        assertThat(costs.building()).isEqualTo(build.cost().plus(append.cost()));
    }

    @Test
    void should_add_up_walks_when_their_costs_are_recorded() {
        AgentKey agent = agent();
        await(trees().write(agent, build(10)));

        await(trees().recordWalk(agent, "doc:mill", new LlmCost(3, 900, 60)));
        await(trees().recordWalk(agent, "doc:mill", new LlmCost(5, 1500, 80)));

        TreeCosts costs = await(trees().costs(agent, "doc:mill"));
        assertThat(costs.walks()).isEqualTo(2);
        assertThat(costs.walking()).isEqualTo(new LlmCost(8, 2400, 140));
        assertThat(failure(trees().recordWalk(agent, "doc:none", LlmCost.NONE))).isInstanceOf(MemoryException.class);
        assertThat(await(trees().costs(agent, "doc:none"))).isEqualTo(TreeCosts.NONE);
    }

    @Test
    void should_refuse_a_build_when_the_stored_tree_has_moved_on_or_is_cut_otherwise() {
        AgentKey agent = agent();
        TreeBuild build = build(10);
        TreeBuild append = builder.append(build.tree(), PlantedFactDocument.paragraphs(10, 3, -1, -1), BuildProgress.SILENT);
        await(trees().write(agent, build));
        await(trees().write(agent, append));

        assertThat(failure(trees().write(agent, build))).isInstanceOf(MemoryException.class).hasMessageContaining("load it again");
        TreeBuild otherShape = new SummaryTreeBuilder(PlantedFactDocument.model(), new ApproximateTokenCountEstimator(), new TreeShape(200, 3))
                .build("doc:mill", PlantedFactDocument.paragraphs(10, -1, -1), BuildProgress.SILENT);
        assertThat(failure(trees().write(agent, otherShape))).isInstanceOf(MemoryException.class).hasMessageContaining("cut as");
        assertThat(await(trees().load(agent, "doc:mill"))).contains(append.tree());
    }

    @Test
    void should_delete_a_tree_and_report_whether_there_was_one() {
        AgentKey agent = agent();
        await(trees().write(agent, build(10)));

        assertThat(await(trees().delete(agent, "doc:mill"))).isTrue();
        assertThat(await(trees().delete(agent, "doc:mill"))).isFalse();
        assertThat(await(trees().load(agent, "doc:mill"))).isEmpty();
        assertThat(await(trees().list(agent))).isEmpty();
    }

    @Test
    void should_keep_trees_apart_when_agents_or_organisations_differ() {
        AgentKey owner = agent(ORG_A, "owner");
        AgentKey sameOrg = agent(ORG_A, "other");
        AgentKey otherOrg = agent(ORG_B, "owner");
        await(trees().write(owner, build(10)));

        assertThat(await(trees().load(sameOrg, "doc:mill"))).isEmpty();
        assertThat(await(trees().list(otherOrg))).isEmpty();
        assertThat(await(trees().delete(otherOrg, "doc:mill"))).isFalse();
        assertThat(await(trees().load(owner, "doc:mill"))).isPresent();
    }

    @Test
    void should_fail_with_no_such_agent_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");

        assertThat(failure(trees().write(ghost, build(3)))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(trees().load(ghost, "doc:mill"))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(trees().list(ghost))).isInstanceOf(NoSuchAgentException.class);
    }

    @Test
    void should_drop_the_trees_of_an_agent_when_the_agent_is_deleted() {
        AgentKey agent = agent(ORG_A, "short-lived");
        await(trees().write(agent, build(10)));

        await(store().agents().delete(agent));
        AgentKey again = agent(ORG_A, "short-lived");

        assertThat(await(trees().list(again))).isEmpty();
    }
}
