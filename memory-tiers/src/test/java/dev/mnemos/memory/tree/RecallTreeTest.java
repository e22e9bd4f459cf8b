package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallTreeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private SqliteMemoryStore store;
    private final AgentKey agent = new AgentKey("acme", "reader");
    private final ScriptedChatModel model = PlantedFactDocument.model();
    private RecallTree recall;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
        store.agents().create(new AgentRecord(agent, null, null, null, null, 1, T0, null)).await().atMost(TIMEOUT);
        recall = new RecallTree(store, new SummaryTreeBuilder(model, new ApproximateTokenCountEstimator(), PlantedFactDocument.SHAPE), PlantedFactDocument.SHAPE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void say(int from, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(Message.of("m" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                    "Part " + i + ". We talked about the old mill and the river and the miller's sacks of grain that day.", T0.plusSeconds(i), "s" + i));
        }
        store.recall().append(agent, messages).await().atMost(TIMEOUT);
    }

    @Test
    void should_fold_every_stored_message_into_the_tree_when_extended_the_first_time() {
        say(0, 40);

        SummaryTree tree = recall.extend(agent, BuildProgress.SILENT).await().atMost(TIMEOUT);

        assertThat(tree.watermark()).isEqualTo(40);
        assertThat(tree.leaves().getFirst().text()).startsWith("[#1 user] Part 0.");
        assertThat(tree.root().summary()).isEqualTo("Parts 0 to 39.");
        assertThat(store.summaryTrees().load(agent, RecallTree.ID).await().atMost(TIMEOUT)).contains(tree);
    }

    @Test
    void should_summarize_only_the_new_edge_when_messages_arrive_after_a_build() {
        say(0, 40);
        SummaryTree before = recall.extend(agent, BuildProgress.SILENT).await().atMost(TIMEOUT);
        model.forget();

        SummaryTree unchanged = recall.extend(agent, BuildProgress.SILENT).await().atMost(TIMEOUT);
        assertThat(unchanged).isEqualTo(before);
        assertThat(model.calls()).isZero();

        say(40, 1);
        SummaryTree after = recall.extend(agent, BuildProgress.SILENT).await().atMost(TIMEOUT);

        assertThat(after.watermark()).isEqualTo(41);
        assertThat(model.calls()).isLessThanOrEqualTo(2 + after.depth());
        assertThat(after.leaves().getLast().text()).contains("[#41 user] Part 40.");
        assertThat(store.summaryTrees().load(agent, RecallTree.ID).await().atMost(TIMEOUT)).contains(after);
    }
}
