package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.cli.PackagedApp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code mnemos serve} on the local PostgreSQL ({@code scripts/services}: role,
 * password and database {@code mnemos}) in a schema of its own, with stories260K: agents, blocks,
 * archival passages and a message step all go through PostgreSQL. Skipped when nothing listens on
 * PostgreSQL's port. (A {@code @QuarkusTest} cannot run it: in test mode Hibernate Reactive's
 * services are loaded by two class loaders.)
 */
class ServePostgresIT {

    @TempDir
    Path home;

    @Test
    void should_serve_agents_from_postgres_when_a_postgres_url_is_configured() throws Exception {
        String host = env("MNEMOS_PG_HOST", "127.0.0.1");
        int pgPort = Integer.parseInt(env("MNEMOS_PG_PORT", "5432"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, pgPort), 2000);
        } catch (IOException e) {
            Assumptions.abort("no PostgreSQL on " + host + ":" + pgPort + " (scripts/services starts one)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(PackagedApp.jar(), List.of(),
                        List.of("serve", "--port", Integer.toString(port), "--model", ServeTestProfile.model().toAbsolutePath().toString())))
                .redirectOutput(home.resolve("stdout").toFile()).redirectError(home.resolve("stderr").toFile());
        builder.environment().put("MNEMOS_HOME", home.resolve("data").toString());
        builder.environment().put("MNEMOS_PG_URL", "postgresql://mnemos:mnemos@" + host + ":" + pgPort + "/mnemos");
        builder.environment().put("MNEMOS_PG_SCHEMA", "mnemos_serve_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        builder.environment().put("MNEMOS_API_KEYS", "pg-key:org-pg");
        Process process = builder.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.readString(home.resolve("stdout")).contains("listening on")) {
                assertThat(process.isAlive()).as("mnemos serve exited: " + Files.readString(home.resolve("stderr"))).isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(200);
            }
            assertThat(Files.readString(home.resolve("stdout"))).contains("mnemos serve: PostgreSQL " + host + ":" + pgPort);
            String base = "http://127.0.0.1:" + port + "/api/agents";
            assertThat(call("POST", base, "{\"id\": \"on-pg\", \"name\": \"Pat\", \"human\": \"Pat likes jazz\"}")).contains("\"id\":\"on-pg\"");
            assertThat(call("PATCH", base + "/on-pg/blocks/human", "{\"append\": \"Pat plays the piano\"}")).contains("Pat likes jazz\\nPat plays the piano");
            call("POST", base + "/on-pg/archival", "{\"texts\": [\"The cat sleeps on the warm windowsill.\", \"Quarterly revenue grew.\"]}");
            assertThat(call("GET", base + "/on-pg/archival?q=kitten&limit=1", null)).contains("The cat sleeps on the warm windowsill.").doesNotContain("revenue");
            assertThat(call("POST", base + "/on-pg/messages", "{\"text\": \"Hello, I am Pat\"}")).contains("\"status\":\"answered\"");
            assertThat(call("GET", base + "/on-pg/recall?q=Pat", null)).contains("Hello, I am Pat");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String call(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(3)).header("Authorization", "Bearer pg-key");
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isIn(List.of(200, 201));
        return response.body();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
