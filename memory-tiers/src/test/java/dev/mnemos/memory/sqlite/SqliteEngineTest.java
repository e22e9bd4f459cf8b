package dev.mnemos.memory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded engine does: its schema migrations and the vector index file beside the database. */
class SqliteEngineTest {

    private static final AgentKey AGENT = new AgentKey("acme", "sam");
    private static final EmbeddingSpace SPACE = new EmbeddingSpace("random-8", 8);

    @TempDir
    Path dir;

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(java.time.Duration.ofMinutes(1));
    }

    @Test
    void should_record_the_schema_version_and_migrate_only_once() throws Exception {
        Path file = dir.resolve("mnemos.db");
        SqliteMemoryStore.open(file).close();
        SqliteMemoryStore.open(file).close();

        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var rows = connection.createStatement().executeQuery("SELECT count(*), max(version) FROM schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(SqliteSchema.MIGRATIONS.size());
            assertThat(rows.getInt(2)).isEqualTo(SqliteSchema.MIGRATIONS.size());
        }
    }

    @Test
    void should_renumber_the_messages_of_a_version_2_database_by_agent_and_keep_them_searchable() throws Exception {
        // given a database at schema version 2, where row ids interleave two agents
        Path file = dir.resolve("mnemos.db");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (int version = 1; version <= 2; version++) {
                for (String sql : SqliteSchema.statements(SqliteSchema.script(SqliteSchema.MIGRATIONS.get(version - 1)))) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version VALUES (" + version + ")");
            }
            for (String agent : List.of("sam", "kim")) {
                statement.execute("INSERT INTO agents (organization, agent, name, type, config, status, summary, context_message_ids,"
                        + " version, created_at, updated_at) VALUES ('acme', '" + agent + "', '', '', '', '', '', '[]', 1, 0, 0)");
            }
            for (int i = 1; i <= 6; i++) {
                String agent = i % 2 == 0 ? "kim" : "sam";
                statement.execute("INSERT INTO messages (organization, agent, id, sequence, role, content, tool_calls, created_at, step_id)"
                        + " VALUES ('acme', '" + agent + "', 'm" + i + "', " + (i + 1) / 2 + ", 'USER', 'tea number " + i + "', '[]', " + i + ", 's')");
            }
        }

        // when a store opens it
        try (SqliteMemoryStore store = SqliteMemoryStore.open(file)) {
            // then each agent finds only its own messages, ranked, and the indexes are sound
            var sam = await(store.recall().search(AGENT, RecallQuery.text("tea", 10)));
            var kim = await(store.recall().search(new AgentKey("acme", "kim"), RecallQuery.text("tea", 10)));
            assertThat(sam.messages()).extracting(m -> m.id()).containsExactly("m5", "m3", "m1");
            assertThat(kim.total()).isEqualTo(3);
            assertThat(await(store.recall().search(AGENT, RecallQuery.text("number 4", 10))).total()).isZero();
            assertThat(await(store.checkIntegrity())).isEmpty();
            // and a new message goes on after the migrated ones
            await(store.recall().append(AGENT, List.of(Message.of("m7", Role.USER,
                    "tea again", Instant.ofEpochSecond(7), "s7"))));
            assertThat(await(store.recall().search(AGENT, RecallQuery.text("tea", 10))).total()).isEqualTo(4);
        }
    }

    @Test
    void should_rank_only_the_newest_matches_of_a_very_frequent_word_and_count_them_all() throws Exception {
        // given a history where the best match of "tea" is older than the ranked window of newer matches
        try (SqliteMemoryStore store = SqliteMemoryStore.open(dir.resolve("mnemos.db"))) {
            await(store.agents().create(new AgentRecord(AGENT, null, null, null, null, 1, Instant.EPOCH, null)));
            int count = SqliteRecallStore.RANKED_MATCHES + 100;
            List<Message> history = new ArrayList<>();
            history.add(Message.of("best", Role.USER, "tea tea tea", Instant.EPOCH, "s"));
            for (int i = 1; i < count; i++) {
                String text = i == count - 1 ? "tea tea and a biscuit" : "tea with some other words in a longer message";
                history.add(Message.of("m" + i, Role.USER, text, Instant.ofEpochSecond(i), "s"));
            }
            await(store.recall().append(AGENT, history));

            // when it is searched
            var page = await(store.recall().search(AGENT, RecallQuery.text("tea", 3)));
            var deep = await(store.recall().search(AGENT, new RecallQuery("tea", null, null, Set.of(),
                    RecallQuery.Order.NEWEST_FIRST, count - 1, 5)));

            // then the total counts every match, the page is ranked within the newest matches, and a page past the window is served
            assertThat(page.total()).isEqualTo(count);
            assertThat(page.messages().get(0).id()).isEqualTo("m" + (count - 1));
            assertThat(page.messages()).extracting(m -> m.id()).doesNotContain("best");
            assertThat(deep.messages()).hasSize(1);
        }
    }

    @Test
    void should_refuse_a_database_of_a_newer_schema() throws Exception {
        Path file = dir.resolve("mnemos.db");
        SqliteMemoryStore.open(file).close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.createStatement().execute("INSERT INTO schema_version VALUES (999)");
        }

        assertThatThrownBy(() -> SqliteMemoryStore.open(file)).isInstanceOf(IOException.class).hasMessageContaining("upgrade mnemos");
    }

    @Test
    void should_split_scripts_at_statement_ends_but_not_inside_triggers() {
        List<String> statements = SqliteSchema.statements("-- comment\nCREATE TABLE a (x);\n\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
                + "    INSERT INTO a VALUES (1);\nEND;\n\nCREATE INDEX i ON a (x);\n");

        assertThat(statements).hasSize(3);
        assertThat(statements.get(1)).startsWith("CREATE TRIGGER").endsWith("END");
    }

    @Test
    void should_save_the_vector_index_beside_the_database_and_use_it_after_a_restart() throws Exception {
        Path file = dir.resolve("mnemos.db");
        Random random = new Random(1);
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] v = new float[8];
            for (int d = 0; d < 8; d++) {
                v[d] = (float) random.nextGaussian();
            }
            passages.add(new Passage("p" + i, "passage " + i, v, Set.of(), Map.of(), Instant.EPOCH.plusSeconds(i)));
        }
        try (SqliteMemoryStore store = SqliteMemoryStore.open(file)) {
            await(store.agents().create(new AgentRecord(AGENT, null, null, null, null, 1, Instant.now(), null)));
            await(store.archival().insert(AGENT, SPACE, passages.subList(0, 200)));
            assertThat(await(store.archival().search(AGENT, SPACE, passages.get(5).embedding(), ArchivalQuery.top(1))).getFirst().passage().id())
                    .isEqualTo("p5");
            await(store.archival().insert(AGENT, SPACE, passages.subList(200, 250)));
        }
        assertThat(file.resolveSibling("mnemos.db.vectors")).exists();

        try (SqliteMemoryStore store = SqliteMemoryStore.open(file)) {
            await(store.archival().insert(AGENT, SPACE, passages.subList(250, 300)));
            assertThat(await(store.vectorIndex()).size()).isEqualTo(300);
            for (int probe : new int[] {5, 220, 299}) {
                assertThat(await(store.archival().search(AGENT, SPACE, passages.get(probe).embedding(), ArchivalQuery.top(1))).getFirst()
                        .passage().id()).isEqualTo("p" + probe);
            }
        }

        Files.write(file.resolveSibling("mnemos.db.vectors"), new byte[] {0, 1, 2});
        try (SqliteMemoryStore store = SqliteMemoryStore.open(file)) {
            assertThat(await(store.archival().search(AGENT, SPACE, passages.get(42).embedding(), ArchivalQuery.top(1))).getFirst().passage().id())
                    .isEqualTo("p42");
        }
    }
}
