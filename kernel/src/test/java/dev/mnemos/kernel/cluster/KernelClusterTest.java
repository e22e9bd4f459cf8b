package dev.mnemos.kernel.cluster;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.event.StepRef;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.postgres.FreshSchema;
import dev.mnemos.memory.postgres.LocalServers;
import dev.mnemos.memory.postgres.PostgresMemoryStore;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.redis.RedisCoordination;
import dev.mnemos.memory.redis.RedisKeys;
import dev.mnemos.memory.redis.TestPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two kernels as two nodes of one deployment: one PostgreSQL schema (a store of its own each, as
 * two processes have), one Redis key prefix, a scripted model each that signs its answers.
 */
class KernelClusterTest {

    private static final Duration TIMEOUT = TestKernel.TIMEOUT;

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    private final RedisKeys keys = TestPrefix.fresh("mnemos-cluster-test");
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());
    private final List<AutoCloseable> opened = new ArrayList<>();

    private record Node(Kernel kernel, ScriptedChatModel model, RedisCoordination redis) {}

    private Node node(String id, ScriptedChatModel model) {
        return node(id, model, peers -> peers);
    }

    /** @param peers what the node's kernel talks to the other nodes through, given Redis' */
    private Node node(String id, ScriptedChatModel model, UnaryOperator<Peers> peers) {
        PostgresMemoryStore store = PostgresMemoryStore.open(postgres.settings());
        RedisCoordination redis = RedisCoordination.open(LocalServers.redis(), keys, "kernel", 4);
        Kernel kernel = Kernel.builder().store(store).chatModel(model).sweepInterval(Duration.ofMillis(100))
                .cluster(new ClusterNode(id, redis.leases(), peers.apply(new RedisPeers(redis.messages(), id)), Duration.ofMillis(600)))
                .build();
        kernel.blocking(TIMEOUT).start();
        opened.addAll(List.of(store, redis, kernel));
        return new Node(kernel, model, redis);
    }

    private static ScriptedChatModel signing(String node) {
        return new ScriptedChatModel().otherwise(r -> call("send_message",
                "{\"message\": \"" + node + " heard: " + dev.mnemos.kernel.testing.Requests.lastText(r)
                        .replaceAll("[^A-Za-z0-9 ]", "").strip() + "\"}"));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closed by the test already
            }
        }
        TestPrefix.delete(LocalServers.redis(), keys);
    }

    /** The agent's messages in recall that mention {@code text} (in their content or a tool call's arguments). */
    private List<Message> recall(String text) {
        return postgres.store().recall().search(agent, RecallQuery.newest(500)).await().atMost(TIMEOUT).messages().stream()
                .filter(m -> (m.content() + m.toolCalls()).contains(text))
                .toList();
    }

    @Test
    void should_run_the_agent_on_the_node_holding_its_lease_and_stream_its_steps_to_the_sender_on_another_node() {
        Node a = node("node-a", signing("A"));
        Node b = node("node-b", signing("B"));
        a.kernel().blocking(TIMEOUT).spawn(agent, "Sam", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        // whichever node takes the agent first (the sender, or the other's sweep) holds it from then on
        String first = a.kernel().blocking(TIMEOUT).send(agent, "first").messages().getFirst();
        Node holder = first.startsWith("A heard") ? a : b;
        Node sender = holder == a ? b : a;
        String holderName = holder == a ? "A" : "B";

        List<StepEvent> heardOnSender = new CopyOnWriteArrayList<>();
        var listening = sender.kernel().events(agent).subscribe().with(heardOnSender::add);
        int senderCalls = sender.model().requests().size();
        Reply reply = sender.kernel().blocking(TIMEOUT).send(agent, "second");
        listening.cancel();

        assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
        assertThat(reply.messages()).singleElement().asString().startsWith(holderName + " heard").contains("second");
        assertThat(sender.model().requests()).hasSize(senderCalls);
        assertThat(heardOnSender).anyMatch(e -> e instanceof StepEvent.Started).anyMatch(e -> e instanceof StepEvent.Committed);
    }

    @Test
    void should_store_a_message_sent_again_through_the_other_node_once() {
        Node a = node("node-a", signing("A"));
        Node b = node("node-b", signing("B"));
        a.kernel().blocking(TIMEOUT).spawn(agent, "Sam", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        var message = new Interrupt.UserMessage("msg-" + UUID.randomUUID(), "only once please", null);

        assertThat(a.kernel().blocking(TIMEOUT).send(agent, message).status()).isEqualTo(Reply.Status.ANSWERED);
        // a repeat ends with the chain's stored end: it cannot tell at first from a chain that just ended on the other node
        assertThat(b.kernel().stream(agent, message).collect().asList().await().atMost(TIMEOUT))
                .containsExactly(new StepEvent.Committed(new StepRef(agent, "step-" + message.id(), message.id(), 1), false));
        assertThat(b.kernel().blocking(TIMEOUT).send(agent, message).status()).isEqualTo(Reply.Status.ANSWERED);

        assertThat(recall("only once please")).filteredOn(m -> m.role() == Role.USER).hasSize(1);
        assertThat(a.model().requests().size() + b.model().requests().size()).isEqualTo(1);
    }

    @Test
    void should_take_over_the_agent_of_a_node_that_stalls_mid_step_and_refuse_that_node_s_late_commit() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        ScriptedChatModel stalling = signing("A").then(r -> {
            stalled.countDown();
            try {
                wake.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return call("send_message", "{\"message\": \"A answers late\"}");
        });
        Node a = node("node-a", stalling);
        Node b = node("node-b", signing("B"));
        b.kernel().blocking(TIMEOUT).spawn(agent, "Sam", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        var message = new Interrupt.UserMessage("msg-" + UUID.randomUUID(), "are you there", null);
        a.kernel().blocking(TIMEOUT).deliver(agent, message);
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

        // node A stops talking to Redis (a partition, a long pause): its lease lapses, B's sweep takes the agent
        a.redis().close();
        Reply reply = b.kernel().blocking(TIMEOUT).send(agent, message);
        if (reply.messages().isEmpty()) { // B had answered before this send: the reply is in recall
            assertThat(recall("B heard: are you there")).isNotEmpty();
        } else {
            assertThat(reply.messages()).singleElement().asString().startsWith("B heard");
        }

        wake.countDown(); // A's step goes on and commits under its old fence
        Thread.sleep(1000);
        assertThat(recall("are you there")).filteredOn(m -> m.role() == Role.USER).hasSize(1);
        assertThat(recall("A answers late")).isEmpty();
        assertThat(recall("B heard: are you there")).hasSize(1);
    }

    /**
     * The peers of a node that dies between a step's commit and relaying the commit (a SIGKILL in that
     * window): once {@code dying} is set, the ends of its steps never reach the other nodes.
     */
    private record DyingPeers(Peers peers, AtomicBoolean dying) implements Peers {

        @Override
        public void wake(String node, AgentKey agent) {
            peers.wake(node, agent);
        }

        @Override
        public void publish(StepEvent event) {
            if (!(dying.get() && event.ends())) {
                peers.publish(event);
            }
        }

        @Override
        public AutoCloseable listen(Consumer<AgentKey> wakeups, Consumer<StepEvent> events) {
            return peers.listen(wakeups, events);
        }
    }

    @Test
    void should_end_the_sender_s_stream_when_the_node_that_ran_the_last_step_never_relays_its_commit() throws Exception {
        CountDownLatch senderListens = new CountDownLatch(1);
        CountDownLatch endLost = new CountDownLatch(1);
        ScriptedChatModel script = signing("A")
                .then(r -> await(senderListens, call("send_message", "{\"message\": \"A is looking\", \"request_heartbeat\": true}")))
                .then(r -> await(endLost, call("send_message", "{\"message\": \"A found it\"}")));
        AtomicBoolean dying = new AtomicBoolean();
        Node a = node("node-a", script, peers -> new DyingPeers(peers, dying));
        a.kernel().blocking(TIMEOUT).spawn(agent, "Sam", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        var message = new Interrupt.UserMessage("msg-" + UUID.randomUUID(), "find it", null);
        a.kernel().blocking(TIMEOUT).deliver(agent, message); // the only node: it takes the agent, and its first step waits
        Node b = node("node-b", signing("B"));

        // the sender on B hears the chain's first step; A commits the second and dies before relaying that
        CountDownLatch firstStepHeard = new CountDownLatch(1);
        var chain = b.kernel().stream(agent, message)
                .invoke(e -> {
                    if (e instanceof StepEvent.Committed c && c.heartbeat()) {
                        firstStepHeard.countDown();
                    }
                })
                .collect().asList().subscribeAsCompletionStage();
        senderListens.countDown();
        assertThat(firstStepHeard.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        dying.set(true);
        endLost.countDown();

        List<StepEvent> events = chain.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(events.getLast()).isEqualTo(new StepEvent.Committed(new StepRef(agent, "step-" + message.id() + "#2", message.id(), 2), false));
        assertThat(Reply.of(message.id(), events).messages()).containsExactly("A is looking", "A found it");
        assertThat(b.model().requests()).isEmpty();
    }

    private static <T> T await(CountDownLatch latch, T then) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return then;
    }
}
