package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step commits: everything a step produced, in one transaction, once. */
public abstract class StepCommitConformance extends InterruptConformance {

    /** A step that adds two messages, edits {@code human} from {@code read}, stores a passage, consumes {@code i1} and raises a timer. */
    protected StepCommit step(AgentKey agent, String stepId, long fence, long agentVersion, Block read) {
        Block edited = new BlockEdit.Append("Likes: tea").apply(read);
        return new StepCommit(agent, stepId, fence, agentVersion,
                List.of(message(stepId + "-u", Role.USER, "I like tea", 1), message(stepId + "-a", Role.ASSISTANT, "Noted.", 2)),
                List.of(edited), SPACE, List.of(passage(stepId + "-p", new float[] {1, 0, 0}, 3, "prefs")),
                new AgentState("sleeping", "summary after " + stepId, List.of(stepId + "-u", stepId + "-a")),
                List.of("i1"), List.of(new QueuedInterrupt(stepId + "-timer", "timer", "{}", at(3600), at(3))));
    }

    private AgentKey agentWithBlockAndInterrupt() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, Block.of("human", "Name: Ada")));
        await(store().interrupts().enqueue(agent, InterruptConformance.interrupt("i1", 0, 0)));
        return agent;
    }

    private Block human(AgentKey agent) {
        return await(store().blocks().block(agent, "human")).orElseThrow();
    }

    @Test
    void should_write_everything_of_a_step_and_move_the_agent_to_the_next_version() {
        AgentKey agent = agentWithBlockAndInterrupt();

        StepCommit.Outcome outcome = await(store().commit(step(agent, "s1", 0, 1, human(agent))));

        assertThat(outcome).isEqualTo(StepCommit.Outcome.COMMITTED);
        AgentRecord record = await(store().agents().get(agent)).orElseThrow();
        assertThat(record.version()).isEqualTo(2);
        assertThat(record.state()).isEqualTo(new AgentState("sleeping", "summary after s1", List.of("s1-u", "s1-a")));
        assertThat(await(store().recall().search(agent, RecallQuery.newest(10))).messages()).extracting(Message::id).containsExactly("s1-a", "s1-u");
        assertThat(human(agent).value()).isEqualTo("Name: Ada\nLikes: tea");
        assertThat(human(agent).version()).isEqualTo(2);
        assertThat(await(store().blocks().history(agent, "human")).getLast().stepId()).isEqualTo("s1");
        assertThat(await(store().archival().count(agent))).isEqualTo(1);
        assertThat(await(store().archival().search(agent, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(1))).getFirst().passage().id())
                .isEqualTo("s1-p");
        assertThat(await(store().interrupts().due(agent, at(10), 10))).isEmpty();
        assertThat(await(store().interrupts().nextDue(agent))).isEqualTo(at(3600));
    }

    @Test
    void should_store_a_step_once_when_committed_twice() {
        AgentKey agent = agentWithBlockAndInterrupt();
        StepCommit step = step(agent, "s1", 0, 1, human(agent));
        await(store().commit(step));

        assertThat(await(store().commit(step))).isEqualTo(StepCommit.Outcome.ALREADY_COMMITTED);

        assertThat(await(store().recall().count(agent))).isEqualTo(2);
        assertThat(await(store().archival().count(agent))).isEqualTo(1);
        assertThat(await(store().blocks().history(agent, "human"))).hasSize(2);
        assertThat(await(store().agents().get(agent)).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void should_leave_nothing_when_a_block_moved_on_since_the_step_read_it() {
        AgentKey agent = agentWithBlockAndInterrupt();
        Block read = human(agent);
        await(store().blocks().edit(agent, "human", new BlockEdit.Rethink("Name: Ada L.")));

        assertThat(failure(store().commit(step(agent, "s1", 0, 1, read)))).isInstanceOf(MemoryException.class).hasMessageContaining("human");

        assertNothingOfTheStep(agent);
        assertThat(human(agent).value()).isEqualTo("Name: Ada L.");
    }

    @Test
    void should_leave_nothing_when_the_agent_moved_on_since_the_step_started() {
        AgentKey agent = agentWithBlockAndInterrupt();
        await(store().commit(new StepCommit(agent, "s0", 0, 1, null, null, null, null, AgentState.NEW, null, null)));

        assertThat(failure(store().commit(step(agent, "s1", 0, 1, human(agent))))).isInstanceOf(MemoryException.class);

        assertNothingOfTheStep(agent);
    }

    @Test
    void should_refuse_a_stale_fence_and_accept_newer_ones() {
        AgentKey agent = agentWithBlockAndInterrupt();
        await(store().commit(new StepCommit(agent, "s0", 7, 1, null, null, null, null, AgentState.NEW, null, null)));

        assertThat(failure(store().commit(step(agent, "s1", 6, 2, human(agent))))).isInstanceOf(StaleFenceException.class);
        assertNothingOfTheStep(agent);

        assertThat(await(store().commit(step(agent, "s1", 7, 2, human(agent))))).isEqualTo(StepCommit.Outcome.COMMITTED);
        assertThat(await(store().commit(new StepCommit(agent, "s2", 8, 3, null, null, null, null, AgentState.NEW, null, null))))
                .isEqualTo(StepCommit.Outcome.COMMITTED);
        assertThat(failure(store().commit(new StepCommit(agent, "s3", 7, 4, null, null, null, null, AgentState.NEW, null, null))))
                .isInstanceOf(StaleFenceException.class);
    }

    @Test
    void should_leave_nothing_when_one_message_of_the_step_is_invalid() {
        AgentKey agent = agentWithBlockAndInterrupt();
        StepCommit valid = step(agent, "s1", 0, 1, human(agent));
        List<Message> messages = List.of(valid.messages().get(0), message("bad", Role.ASSISTANT, "broken \uD800 text", 3));
        StepCommit invalid = new StepCommit(agent, "s1", 0, 1, messages, valid.blocks(), valid.space(), valid.passages(), valid.state(),
                valid.acknowledged(), valid.enqueued());

        assertThat(failure(store().commit(invalid))).isInstanceOf(MemoryException.class);

        assertNothingOfTheStep(agent);
    }

    @Test
    void should_fail_a_commit_for_an_unknown_agent() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");
        assertThat(failure(store().commit(new StepCommit(ghost, "s1", 0, 1, null, null, null, null, AgentState.NEW, null, null))))
                .isInstanceOf(NoSuchAgentException.class);
    }

    private void assertNothingOfTheStep(AgentKey agent) {
        assertThat(await(store().recall().byIds(agent, List.of("s1-u", "s1-a")))).isEmpty();
        assertThat(await(store().archival().count(agent))).isZero();
        assertThat(await(store().interrupts().due(agent, at(10), 10))).extracting(QueuedInterrupt::id).containsExactly("i1");
        assertThat(await(store().interrupts().nextDue(agent))).isEqualTo(at(0));
        assertThat(await(store().agents().get(agent)).orElseThrow().state().summary()).doesNotContain("s1");
    }
}
