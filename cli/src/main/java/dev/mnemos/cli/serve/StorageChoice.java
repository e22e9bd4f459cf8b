package dev.mnemos.cli.serve;

import dev.mnemos.memory.DataDirectory;
import dev.mnemos.memory.postgres.PostgresSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code mnemos serve} keeps its agents: PostgreSQL when {@code MNEMOS_PG_URL}
 * ({@code postgresql://user:password@host:port/database}) or {@code MNEMOS_PG_HOST} is set, else
 * the embedded SQLite store of the data directory.
 */
public sealed interface StorageChoice {

    record Embedded(DataDirectory directory) implements StorageChoice {}

    record Postgres(PostgresSettings settings) implements StorageChoice {}

    static StorageChoice from(Path dataDir, Map<String, String> env) {
        String url = env.get("MNEMOS_PG_URL");
        if (url != null && !url.isBlank()) {
            return new Postgres(fromUrl(url, env.getOrDefault("MNEMOS_PG_SCHEMA", "mnemos")));
        }
        String host = env.get("MNEMOS_PG_HOST");
        if (host != null && !host.isBlank()) {
            return new Postgres(new PostgresSettings(host, Integer.parseInt(env.getOrDefault("MNEMOS_PG_PORT", "5432")),
                    env.getOrDefault("MNEMOS_PG_DATABASE", "mnemos"), env.getOrDefault("MNEMOS_PG_USER", "mnemos"),
                    env.getOrDefault("MNEMOS_PG_PASSWORD", ""), env.getOrDefault("MNEMOS_PG_SCHEMA", "mnemos"), 8));
        }
        return new Embedded(dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment());
    }

    /** Settings from {@code postgresql://user:password@host:port/database}. */
    static PostgresSettings fromUrl(String url, String schema) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("MNEMOS_PG_URL must look like postgresql://user:password@host:5432/database");
        }
        String user = "mnemos";
        String password = "";
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        return new PostgresSettings(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), uri.getPath().substring(1), user, password, schema, 8);
    }

    default String describe() {
        return switch (this) {
            case Embedded e -> "embedded SQLite at " + e.directory().database();
            case Postgres p -> "PostgreSQL " + p.settings().host() + ":" + p.settings().port() + "/" + p.settings().database() + " (schema " + p.settings().schema() + ")";
        };
    }
}
