package dev.mnemos.memory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void should_open_a_new_database_in_wal_mode_with_fts5() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("nested/mnemos.db"))) {
            assertThat(db.journalMode()).isEqualTo("wal");
            assertThat(db.sqliteVersion()).startsWith("3.");
            try (Statement statement = db.connection().createStatement()) {
                statement.execute("CREATE VIRTUAL TABLE notes USING fts5(body)");
                statement.execute("INSERT INTO notes VALUES ('the quick brown fox'), ('a lazy dog')");
                try (var rows = statement.executeQuery("SELECT body FROM notes WHERE notes MATCH 'fox' ORDER BY bm25(notes)")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("the quick brown fox");
                }
            }
        }
        assertThat(dir.resolve("nested/mnemos.db")).exists();
    }

    @Test
    void should_refuse_a_file_that_is_not_a_database() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.db"), "this is not a database, just some text long enough to matter");
        assertThatThrownBy(() -> SqliteDatabase.open(garbage))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("garbage.db");
    }
}
