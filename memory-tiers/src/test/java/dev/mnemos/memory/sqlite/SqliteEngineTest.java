package dev.mnemos.memory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
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
