package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.cli.PackagedApp;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application (prod profile, as the launcher runs it): only {@code mnemos serve}
 * opens a port. Quarkus' own INFO line names an http:// address after "Listening on:" exactly when the HTTP host is enabled.
 */
class ServePortIT {

    @TempDir
    Path home;

    @Test
    void should_open_no_port_when_the_command_is_not_serve() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("tokenize", "--help"), List.of("serve", "--help"))) {
            Process process = start(args);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String log = Files.readString(home.resolve("stderr"));
            assertThat(log).as("mnemos " + args).contains("started in").doesNotContain("Listening on: http");
        }
    }

    @Test
    void should_listen_on_the_given_port_when_the_command_is_serve() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = start(List.of("serve", "--port", Integer.toString(port)));
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.readString(home.resolve("stderr")).contains("Listening on: http://127.0.0.1:" + port)) {
                assertThat(process.isAlive()).as("mnemos serve exited: " + Files.readString(home.resolve("stderr"))).isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(200);
            }
            var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.readString(home.resolve("stdout"))).contains("listening on http://127.0.0.1:" + port);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(List<String> args) throws IOException {
        List<String> command = PackagedApp.command(PackagedApp.jar(), List.of("-Dquarkus.log.category.\"io.quarkus\".level=INFO"), args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("stdout").toFile())
                .redirectError(home.resolve("stderr").toFile());
        builder.environment().put("MNEMOS_HOME", home.resolve("data").toString());
        return builder.start();
    }
}
