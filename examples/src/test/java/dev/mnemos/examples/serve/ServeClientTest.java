package dev.mnemos.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.tools.mcp.NpmPackages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts of examples/serve-client against the packaged {@code mnemos serve} (the cli module's Quarkus app, as
 * the launcher runs it) on a free port, with a key and a fresh data directory; its LLM is {@link EchoEndpoint}, so
 * that every reply can be checked.
 */
class ServeClientTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SCRIPTS = MODULE.resolve("serve-client");
    private static final NpmPackages CLIENT = new NpmPackages(SCRIPTS, MODULE.resolve("target/serve-client"));
    private static final Path APP = MODULE.resolve(System.getProperty("mnemos.app", "../cli/target/quarkus-app/quarkus-run.jar")).normalize();
    private static final String KEY = "example-key";

    @TempDir
    static Path home;

    private static EchoEndpoint llm;
    private static Process server;
    private static String base;

    @BeforeAll
    static void serve() throws Exception {
        assertThat(APP).as("the packaged mnemos (build the cli module first: ./mvnw -pl examples -am verify)").exists();
        llm = new EchoEndpoint();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-jar", APP.toString(), "serve", "--port", Integer.toString(port))
                .redirectOutput(home.resolve("stdout").toFile()).redirectError(home.resolve("stderr").toFile());
        builder.environment().put("MNEMOS_HOME", home.resolve("data").toString());
        builder.environment().put("MNEMOS_API_KEYS", KEY + ":examples");
        builder.environment().put("MNEMOS_OPENAI_BASE_URL", llm.baseUrl());
        builder.environment().put("MNEMOS_OPENAI_MODEL", "echo");
        server = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(home.resolve("stdout")).contains("listening on")) {
            assertThat(server.isAlive()).as("mnemos serve exited: " + Files.readString(home.resolve("stderr"))).isTrue();
            assertThat(Instant.now()).as("mnemos serve did not start in 2 minutes").isBefore(deadline);
            Thread.sleep(200);
        }
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void should_create_message_stream_search_and_complete_when_the_curl_session_runs() throws Exception {
        String out = run(List.of("bash", SCRIPTS.resolve("curl-session.sh").toString(), base), SCRIPTS, Map.of("MNEMOS_API_KEY", KEY, "AGENT", "ada"));

        assertThat(out).contains("== create agent ada\n{\"id\":\"ada\",\"name\":\"Ada\",\"type\":\"chat\"")
                .contains("\"status\":\"answered\",\"messages\":[\"You said: Hello, I am Ada.\"]")
                .containsPattern("\\n +1 started\\n")
                .containsPattern("\\n +[2-9]\\d* token_delta\\n")
                .containsPattern("\\n +1 committed\\n")
                .contains("\"content\":\"You said: Once upon a time\"");
        String recall = out.substring(out.indexOf("== search recall"), out.indexOf("== search archival"));
        assertThat(recall).contains("Hello, I am Ada.").contains("You said: Hello, I am Ada.");
        String archival = out.substring(out.indexOf("== search archival"), out.indexOf("== /v1/chat/completions"));
        assertThat(archival).contains("The Heron has a red sail and a blue hull.").doesNotContain("revenue");
    }

    @Test
    void should_complete_and_stream_when_the_openai_client_runs() throws Exception {
        Path installed = CLIENT.installed();
        Files.copy(SCRIPTS.resolve("openai-chat.mjs"), installed.resolve("openai-chat.mjs"), StandardCopyOption.REPLACE_EXISTING);

        String out = run(List.of(NpmPackages.node(), "openai-chat.mjs", base + "/v1"), installed, Map.of("MNEMOS_API_KEY", KEY));

        assertThat(out).contains("model: echo\n", "stream: You said: Once upon a time\n")
                .containsPattern("completion \\(\\d+ tokens, stop\\): You said: Once upon a time\n")
                .containsPattern("streamed [2-9] chunks");
    }

    /** Runs {@code command} in {@code dir} and produces its stdout; fails the test on a non-zero exit. */
    private static String run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path err = Files.createTempFile(home, "client", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(command + " did not finish").isTrue();
        assertThat(process.exitValue()).as(command + " failed:\n" + out + Files.readString(err)).isZero();
        return out;
    }
}
