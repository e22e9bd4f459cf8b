package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tenancy: every read is scoped by organisation and agent. Organisation B has an agent with the
 * same id as A's; every read through B's key, or through a key of B that does not exist, must
 * show nothing of A's rows.
 */
public abstract class TenancyConformance extends StepCommitConformance {

    @Test
    void should_never_show_rows_of_another_organisation_through_any_read() {
        AgentKey a = agent(ORG_A, "same-id");
        AgentKey b = agent(ORG_B, "same-id");
        await(store().blocks().create(a, Block.of("secret", "A's secret")));
        await(store().recall().append(a, List.of(message("m1", Role.USER, "the password is swordfish", 0))));
        await(store().archival().insert(a, SPACE, List.of(passage("p1", new float[] {1, 0, 0}, 0, "secret"))));
        await(store().interrupts().enqueue(a, InterruptConformance.interrupt("i1", 0, 0)));

        assertThat(await(store().blocks().blocks(b))).isEmpty();
        assertThat(await(store().blocks().block(b, "secret"))).isEmpty();
        assertThat(await(store().blocks().history(b, "secret"))).isEmpty();
        assertThat(await(store().recall().search(b, RecallQuery.text("swordfish", 10)))).isEqualTo(new RecallPage(List.of(), 0));
        assertThat(await(store().recall().search(b, RecallQuery.newest(10)))).isEqualTo(new RecallPage(List.of(), 0));
        assertThat(await(store().recall().search(b, new RecallQuery(null, at(-10), at(10), Set.of(Role.USER), RecallQuery.Order.OLDEST_FIRST, 0, 10))).messages())
                .isEmpty();
        assertThat(await(store().recall().byIds(b, List.of("m1")))).isEmpty();
        assertThat(await(store().recall().count(b))).isZero();
        assertThat(await(store().recall().lastWrite(b))).isEmpty();
        assertThat(await(store().archival().search(b, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(10)))).isEmpty();
        assertThat(await(store().archival().search(b, SPACE, new float[] {1, 0, 0}, new ArchivalQuery(10, 0, Set.of("secret"), null, null)))).isEmpty();
        assertThat(await(store().archival().count(b))).isZero();
        assertThat(await(store().archival().lastWrite(b))).isEmpty();
        assertThat(await(store().interrupts().due(b, at(100), 10))).isEmpty();
        assertThat(await(store().interrupts().nextDue(b))).isNull();
        assertThat(await(store().agents().list(ORG_B))).extracting(AgentRecord::key).containsExactly(b);
        assertThat(await(store().agents().get(new AgentKey(ORG_B, "same-id"))).orElseThrow().key()).isEqualTo(b);
    }

    @Test
    void should_never_change_rows_of_another_organisation_through_any_write() {
        AgentKey a = agent(ORG_A, "same-id");
        AgentKey b = agent(ORG_B, "same-id");
        await(store().blocks().create(a, Block.of("secret", "A's secret")));
        await(store().recall().append(a, List.of(message("m1", Role.USER, "A's message", 0))));
        await(store().archival().insert(a, SPACE, List.of(passage("p1", new float[] {1, 0, 0}, 0))));
        await(store().interrupts().enqueue(a, InterruptConformance.interrupt("i1", 0, 0)));

        failure(store().blocks().edit(b, "secret", new BlockEdit.Rethink("B was here")));
        await(store().recall().append(b, List.of(message("m1", Role.USER, "B's message", 0))));
        assertThat(await(store().archival().delete(b, "p1"))).isFalse();
        await(store().interrupts().acknowledge(b, List.of("i1")));
        await(store().commit(new StepCommit(b, "s1", 99, 1, null, null, null, null, AgentState.NEW, List.of("i1"), null)));
        await(store().agents().delete(b));

        assertThat(await(store().blocks().block(a, "secret")).orElseThrow().value()).isEqualTo("A's secret");
        assertThat(await(store().recall().byIds(a, List.of("m1"))).getFirst().content()).isEqualTo("A's message");
        assertThat(await(store().archival().count(a))).isEqualTo(1);
        assertThat(await(store().interrupts().due(a, at(100), 10))).hasSize(1);
        assertThat(await(store().commit(new StepCommit(a, "s1", 0, 1, null, null, null, null, AgentState.NEW, null, null))))
                .isEqualTo(StepCommit.Outcome.COMMITTED);
    }

    @Test
    void should_fail_every_read_with_no_such_agent_when_the_organisation_does_not_hold_the_agent() {
        AgentKey a = agent(ORG_A, "only-in-a");
        await(store().recall().append(a, List.of(message("m1", Role.USER, "hello", 0))));
        AgentKey wrong = new AgentKey(ORG_B, "only-in-a");

        assertThat(await(store().agents().get(wrong))).isEmpty();
        assertThat(failure(store().blocks().blocks(wrong))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().blocks().block(wrong, "persona"))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().search(wrong, RecallQuery.text("hello", 10)))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().byIds(wrong, List.of("m1")))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().archival().search(wrong, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().interrupts().due(wrong, at(0), 1))).isInstanceOf(NoSuchAgentException.class);
    }
}
