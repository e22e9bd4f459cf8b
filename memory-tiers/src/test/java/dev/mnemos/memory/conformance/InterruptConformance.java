package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.QueuedInterrupt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The persisted interrupt queues. */
public abstract class InterruptConformance extends ArchivalConformance {

    protected static QueuedInterrupt interrupt(String id, long dueSecond, long createdSecond) {
        return new QueuedInterrupt(id, "user_message", "{\"id\":\"" + id + "\"}", at(dueSecond), at(createdSecond));
    }

    private static List<String> ids(List<QueuedInterrupt> interrupts) {
        return interrupts.stream().map(QueuedInterrupt::id).toList();
    }

    @Test
    void should_produce_due_interrupts_by_due_time_then_enqueue_order() {
        AgentKey agent = agent();
        await(store().interrupts().enqueue(agent, interrupt("late", 5, 0)));
        await(store().interrupts().enqueue(agent, interrupt("first", 1, 1)));
        await(store().interrupts().enqueue(agent, interrupt("second", 1, 2)));
        await(store().interrupts().enqueue(agent, interrupt("timer", 100, 3)));

        assertThat(ids(await(store().interrupts().due(agent, at(10), 10)))).containsExactly("first", "second", "late");
        assertThat(ids(await(store().interrupts().due(agent, at(10), 2)))).containsExactly("first", "second");
        assertThat(ids(await(store().interrupts().due(agent, at(1), 10)))).containsExactly("first", "second");
        assertThat(await(store().interrupts().due(agent, at(0), 10))).isEmpty();
        assertThat(await(store().interrupts().nextDue(agent))).isEqualTo(at(1));
        assertThat(await(store().interrupts().due(agent, at(10), 10)).getFirst()).isEqualTo(interrupt("first", 1, 1));
    }

    @Test
    void should_not_queue_an_id_twice_nor_again_after_acknowledgement() {
        AgentKey agent = agent();
        await(store().interrupts().enqueue(agent, interrupt("i1", 0, 0)));
        await(store().interrupts().enqueue(agent, interrupt("i1", 0, 0)));
        assertThat(ids(await(store().interrupts().due(agent, at(1), 10)))).containsExactly("i1");

        await(store().interrupts().acknowledge(agent, List.of("i1", "unknown")));
        await(store().interrupts().enqueue(agent, interrupt("i1", 0, 0)));

        assertThat(await(store().interrupts().due(agent, at(1), 10))).isEmpty();
        assertThat(await(store().interrupts().nextDue(agent))).isNull();
    }

    @Test
    void should_list_the_agents_with_due_interrupts_across_organisations() {
        AgentKey a = agent(ORG_A, "a");
        AgentKey b = agent(ORG_B, "b");
        AgentKey idle = agent(ORG_A, "idle");
        AgentKey later = agent(ORG_A, "later");
        await(store().interrupts().enqueue(a, interrupt("x", 2, 0)));
        await(store().interrupts().enqueue(b, interrupt("y", 1, 0)));
        await(store().interrupts().enqueue(later, interrupt("z", 50, 0)));

        List<AgentKey> due = await(store().interrupts().agentsWithDueInterrupts(at(10), 100)).stream()
                .filter(k -> k.organization().equals(ORG_A) || k.organization().equals(ORG_B)).toList();

        assertThat(due).containsExactly(b, a).doesNotContain(idle, later);
    }

    @Test
    void should_fail_interrupt_operations_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");
        assertThat(failure(store().interrupts().enqueue(ghost, interrupt("i", 0, 0)))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().interrupts().due(ghost, at(0), 1))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().interrupts().nextDue(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().interrupts().acknowledge(ghost, List.of("i")))).isInstanceOf(NoSuchAgentException.class);
    }
}
