package dev.mnemos.cli.serve.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.cli.PackagedApp;
import dev.mnemos.cli.serve.NpmClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code mnemos serve}, stopped and started again on one data directory: an MCP server attached to an
 * agent (the real filesystem server from npm) is attached again at the start, its tools offered to the agent, and a
 * detach is kept as well.
 */
class ServeMcpRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void should_attach_the_agents_mcp_server_again_when_serve_restarts() throws Exception {
        Path sandbox = Files.createDirectories(home.resolve("sandbox"));
        Map<String, Object> fs = Map.of("name", "fs", "command", NpmClients.node().toString(),
                "args", List.of(NpmClients.installed("@modelcontextprotocol/server-filesystem/dist/index.js").toString(), sandbox.toString()),
                "env", Map.of("NODE_NO_WARNINGS", "1"));

        serve("first", base -> {
            assertThat(send(base, "POST", "/api/agents", Map.of("id", "keeper", "name", "Keeper")).statusCode()).isEqualTo(201);
            assertThat(send(base, "POST", "/api/agents/keeper/mcp-servers", fs).statusCode()).isEqualTo(201);
        });
        serve("second", base -> {
            assertThat(names(send(base, "GET", "/api/agents/keeper/mcp-servers", null))).containsExactly("fs");
            assertThat(names(send(base, "GET", "/api/agents/keeper/tools", null))).contains("fs__list_directory", "send_message");
            assertThat(send(base, "DELETE", "/api/agents/keeper/mcp-servers/fs", null).statusCode()).isEqualTo(204);
        });
        serve("third", base -> {
            assertThat(names(send(base, "GET", "/api/agents/keeper/mcp-servers", null))).isEmpty();
            assertThat(names(send(base, "GET", "/api/agents/keeper/tools", null))).doesNotContain("fs__list_directory");
        });
    }

    private interface Session {
        void run(String base) throws Exception;
    }

    /** Runs {@code mnemos serve} on the test's data directory through {@code session}, then stops it. */
    private void serve(String run, Session session) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = home.resolve(run + ".out");
        Path err = home.resolve(run + ".err");
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(PackagedApp.jar(), List.of(), List.of("serve", "--port", Integer.toString(port))))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("MNEMOS_HOME", home.resolve("data").toString());
        builder.environment().put("MNEMOS_SERVE_MCP_STDIO", "true");
        builder.environment().remove("MNEMOS_MODEL");
        Process process = builder.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!Files.readString(out).contains("listening on http://127.0.0.1:" + port)) {
                assertThat(process.isAlive()).as("mnemos serve exited: " + Files.readString(err)).isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(200);
            }
            session.run("http://127.0.0.1:" + port);
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> send(String base, String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").method(method, publisher).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : JSON.readTree(response.body())) {
            names.add(item.path("name").asText());
        }
        return names;
    }
}
