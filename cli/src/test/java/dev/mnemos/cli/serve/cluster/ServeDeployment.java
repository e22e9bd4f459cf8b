package dev.mnemos.cli.serve.cluster;

import dev.mnemos.cli.chat.ScriptedOpenAiServer;
import dev.mnemos.memory.postgres.LocalServers;
import dev.mnemos.memory.postgres.PostgresSettings;
import dev.mnemos.memory.postgres.TestSchema;
import dev.mnemos.memory.redis.RedisKeys;
import dev.mnemos.memory.redis.TestPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several {@code mnemos serve} nodes as one deployment on the local PostgreSQL (a schema of its own)
 * and Redis (a key prefix of its own), with the scripted instant model of the chat test as their
 * LLM; everything is removed on close.
 */
final class ServeDeployment implements AutoCloseable {

    private final ScriptedOpenAiServer model;
    private final PostgresSettings postgres = LocalServers.postgres();
    private final RedisKeys keys = TestPrefix.fresh("mnemos-serve-cluster");
    private final List<ServeNode> nodes = new ArrayList<>();

    private ServeDeployment(ScriptedOpenAiServer model) {
        this.model = model;
    }

    /** Starts {@code count} nodes together, as a deployment comes up (they migrate the new schema once), with leases of {@code leaseTtl}. */
    static ServeDeployment start(int count, Path dir, Duration leaseTtl, String... jvmOptions) throws Exception {
        ServeDeployment deployment = new ServeDeployment(new ScriptedOpenAiServer());
        try {
            Map<String, String> env = Map.of(
                    "MNEMOS_PG_URL", "postgresql://" + deployment.postgres.user() + ":" + deployment.postgres.password() + "@"
                            + deployment.postgres.host() + ":" + deployment.postgres.port() + "/" + deployment.postgres.database(),
                    "MNEMOS_PG_SCHEMA", deployment.postgres.schema(),
                    "MNEMOS_REDIS_URL", "redis://" + LocalServers.redis().getHost() + ":" + LocalServers.redis().getPort(),
                    "MNEMOS_REDIS_PREFIX", deployment.keys.prefix(),
                    "MNEMOS_LEASE_TTL", leaseTtl.toMillis() + "ms",
                    "MNEMOS_OPENAI_BASE_URL", deployment.model.baseUrl(),
                    "MNEMOS_OPENAI_MODEL", "scripted");
            List<Future<ServeNode>> starting = new ArrayList<>();
            try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < count; i++) {
                    String name = "node-" + (char) ('a' + i);
                    starting.add(starters.submit(() -> ServeNode.start(name, dir.resolve(name), env, jvmOptions)));
                }
            }
            Exception failed = null;
            for (Future<ServeNode> node : starting) {
                try {
                    deployment.nodes.add(node.get());
                } catch (ExecutionException e) {
                    if (failed == null) {
                        failed = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
            return deployment;
        } catch (Exception e) {
            deployment.close();
            throw e;
        }
    }

    List<ServeNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() throws Exception {
        for (ServeNode node : nodes) {
            node.close();
        }
        model.close();
        TestSchema.drop(postgres);
        TestPrefix.delete(LocalServers.redis(), keys);
    }
}
