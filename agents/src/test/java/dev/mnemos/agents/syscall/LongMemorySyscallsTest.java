package dev.mnemos.agents.syscall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.kernel.syscall.SyscallTable;
import dev.mnemos.kernel.syscall.memgpt.MemGptSyscalls;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.RecallTree;
import dev.mnemos.memory.tree.TreeShape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongMemorySyscallsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AgentKey agent = new AgentKey("acme", "keeper");
    private final VaultReader model = new VaultReader();
    private SqliteMemoryStore store;
    private StepContext context;
    private SyscallTable table;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
        store.agents().create(new AgentRecord(agent, null, null, null, null, 1, T0, null)).await().atMost(TIMEOUT);
        context = new StepContext(agent, store);
        Prompts prompts = Prompts.standard();
        table = SyscallTable.of(MemGptSyscalls.all(prompts), prompts)
                .with(LongMemorySyscalls.all(model, new ApproximateTokenCountEstimator(), new TreeShape(40, 4)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SyscallResult call(String name, Map<String, String> arguments) {
        Syscall syscall = table.find(name).orElseThrow();
        ObjectNode json = JSON.valueToTree(arguments);
        return syscall.call(context, new SyscallArguments(json)).await().atMost(TIMEOUT);
    }

    @Test
    void should_register_beside_the_memgpt_syscalls_when_added_to_the_table() {
        assertThat(table.names()).contains("send_message", MemoryWalk.NAME, StructuredMemoryUpdate.NAME, StructuredMemoryRead.NAME);
        assertThat(table.specifications(List.of(MemoryWalk.NAME)).getFirst().parameters().properties())
                .containsKeys("query", "tree", SyscallTable.REQUEST_HEARTBEAT);
    }

    @Test
    void should_answer_from_recall_history_when_walking_without_a_tree() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String text = i == 23 ? "By the way, the code of the vault is 4471, keep it safe." : "It rained again today over the harbour and the boats stayed in.";
            messages.add(Message.of("m" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT, text, T0.plusSeconds(i), "s" + i));
        }
        store.recall().append(agent, messages).await().atMost(TIMEOUT);

        SyscallResult result = call(MemoryWalk.NAME, Map.of("query", "What is the code of the vault?"));

        assertThat(result.error()).isFalse();
        assertThat(result.content()).startsWith("Answer: 4471\nFound in node 0.");
        assertThat(store.summaryTrees().list(agent).await().atMost(TIMEOUT)).containsExactly(RecallTree.ID);
        var costs = store.summaryTrees().costs(agent, RecallTree.ID).await().atMost(TIMEOUT);
        assertThat(costs.walks()).isEqualTo(1);
        assertThat(costs.walking().calls()).isPositive();
        assertThat(costs.building().calls()).isPositive();
    }

    @Test
    void should_name_the_trees_there_are_when_walking_an_unknown_tree() {
        SyscallResult result = call(MemoryWalk.NAME, Map.of("query", "Who?", "tree", "doc:none"));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("there is no summary tree 'doc:none'; your trees: none");
    }

    @Test
    void should_keep_valid_updates_and_refuse_the_others_when_updating_a_structured_memory() {
        SyscallResult created = call(StructuredMemoryUpdate.NAME, Map.of(
                "name", "incident-42",
                "schema", "log",
                "updates", "add /events/- {\"level\": \"ERROR\", \"message\": \"disk full\"}\nadd /counts/ERROR 1\nadd /events/- {\"level\": \"LOUD\", \"message\": \"?\"}"));

        assertThat(created.error()).isFalse();
        assertThat(created.content()).startsWith("Applied 2 of 3 updates to 'incident-42' (version 2).")
                .contains("Refused:\n- 'add /events/- {\"level\":\"LOUD\",\"message\":\"?\"}' breaks the schema: /events/1/level");
        SyscallResult read = call(StructuredMemoryRead.NAME, Map.of("name", "incident-42"));
        assertThat(read.content()).isEqualTo("'incident-42' (schema log, version 2): {\"events\":[{\"level\":\"ERROR\",\"message\":\"disk full\"}],\"counts\":{\"ERROR\":1}}");
        assertThat(call(StructuredMemoryRead.NAME, Map.of()).content()).isEqualTo("Your structured memories: incident-42");
    }

    @Test
    void should_ask_for_a_schema_when_updating_a_memory_that_does_not_exist() {
        SyscallResult result = call(StructuredMemoryUpdate.NAME, Map.of("name", "notes", "updates", "add /facts/- \"x\""));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("give 'schema' (one of log, narrative, qa)");
        assertThat(call(StructuredMemoryRead.NAME, Map.of()).content()).isEqualTo("You have no structured memories.");
    }

    @Test
    void should_report_an_error_when_no_update_could_be_applied() {
        call(StructuredMemoryUpdate.NAME, Map.of("name", "story", "schema", "narrative", "updates", "add /facts/- \"the mill burned\""));

        SyscallResult result = call(StructuredMemoryUpdate.NAME, Map.of("name", "story", "updates", "replace /facts/7 \"x\"\nremember this"));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Applied 0 of 2 updates to 'story' (version 1).");
    }
}
