package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.postgres.PostgresSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageChoiceTest {

    @Test
    void should_choose_the_embedded_store_when_no_postgres_is_configured() {
        assertThat(((StorageChoice.Embedded) StorageChoice.from(Path.of("data"), Map.of())).directory().database())
                .isEqualTo(Path.of("data", "mnemos.db").toAbsolutePath());
    }

    @Test
    void should_read_user_password_host_port_and_database_when_given_a_postgres_url() {
        var choice = StorageChoice.from(null, Map.of("MNEMOS_PG_URL", "postgresql://ada:s3cret@db.example:6543/agents", "MNEMOS_PG_SCHEMA", "prod"));
        assertThat(((StorageChoice.Postgres) choice).settings()).isEqualTo(new PostgresSettings("db.example", 6543, "agents", "ada", "s3cret", "prod", 8));
        assertThat(((StorageChoice.Postgres) StorageChoice.from(null, Map.of("MNEMOS_PG_URL", "jdbc:postgresql://db/agents"))).settings().port()).isEqualTo(5432);
    }

    @Test
    void should_use_the_host_variables_of_the_tests_when_no_url_is_given() {
        var choice = StorageChoice.from(null, Map.of("MNEMOS_PG_HOST", "127.0.0.1", "MNEMOS_PG_PORT", "5433"));
        assertThat(((StorageChoice.Postgres) choice).settings().port()).isEqualTo(5433);
    }

    @Test
    void should_refuse_a_postgres_url_without_a_database() {
        assertThatThrownBy(() -> StorageChoice.from(null, Map.of("MNEMOS_PG_URL", "postgresql://db.example:5432")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgresql://user:password@host:5432/database");
    }
}
