package dev.mnemos.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the packaged {@code mnemos chat} in a real terminal (tmux: send-keys, capture-pane) through
 * a conversation, slash commands (a document ingested and summarized into a tree, with their progress
 * bars) and Ctrl-C, with a scripted OpenAI-compatible model.
 */
class ChatTerminalIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final String socket = "mnemos-it-" + ProcessHandle.current().pid();
    private ScriptedOpenAiServer model;
    private String java;
    private Path app;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed: the terminal test needs it (apt-get install tmux)");
        app = Path.of(System.getProperty("mnemos.app", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assumeTrue(Files.exists(app), "the packaged application is missing: " + app);
        model = new ScriptedOpenAiServer();
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", List.of(
                "env", "MNEMOS_OPENAI_BASE_URL=" + model.baseUrl(), "MNEMOS_OPENAI_MODEL=scripted", "TERM=xterm-256color",
                java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-jar", app.toString(), "chat", "--data-dir", dir.toString(), "--agent", "sam", "2>" + dir.resolve("stderr.log")));
        tmux("new-session", "-d", "-s", "chat", "-x", "160", "-y", "50", command);
    }

    @AfterEach
    void stop() throws Exception {
        if (model != null) {
            model.close();
            tmux("kill-server");
        }
    }

    @Test
    void should_converse_run_slash_commands_and_cancel_with_ctrl_c() throws Exception {
        waitFor("you> ");
        assertThat(screen()).contains("talking to sam", "context [");

        type("Hello there");
        waitFor("sam> You said:");

        type("My name is Ada");
        waitFor("sam> Nice to meet you, Ada.");
        assertThat(screen()).contains("> core_memory_append(", "\"Name: Ada\"");

        type("/memory");
        waitFor("[human] 9/2000 chars");
        assertThat(screen()).contains("[persona]", "    Name: Ada");

        type("/recall Ada");
        waitFor("messages match");

        type("/context");
        waitFor("tokens: system");

        Path document = dir.resolve("keeper.txt");
        Files.writeString(document, "The keeper rowed out every evening and lit the lamp.\n\n".repeat(120));
        type("/ingest " + document);
        waitFor("passages of keeper.txt in archival memory");
        assertThat(screen()).containsPattern("ingest \\[#{20}\\] 100%  \\d+/\\d+ passages  .*/s  in \\d+:\\d\\d");

        type("/tree " + document);
        waitFor("tree 'keeper':");
        assertThat(screen()).containsPattern("summary tree \\[#{20}\\] 100%  \\d+/\\d+ nodes");

        type("/tools");
        waitFor("the agent can call ");
        assertThat(screen()).contains("archival_memory_search", "send_message");

        // a real MCP server over stdio: mnemos' own (`mnemos mcp`), serving another agent of another store
        type("/attach peer " + java + " --add-modules jdk.incubator.vector -jar " + app + " mcp --data-dir " + dir.resolve("peer") + " --agent helper");
        waitForPattern(Pattern.quote("tools of 'peer': "), Duration.ofMinutes(2)); // a JVM to start: slow on a busy machine
        type("/tools");
        waitForPattern("the agent can call \\d+ tools: [^\\n]*peer__send_message");
        type("/detach peer");
        waitFor("detached 'peer' and its tools");
        type("/tools");
        waitForPattern("detached 'peer' and its tools\\s+you> /tools\\s+the agent can call \\d+ tools: [^\\n]*send_message[^\\n]*\\n");
        assertThat(screen().substring(screen().lastIndexOf("the agent can call"))).doesNotContain("peer__");
        type("/detach peer");
        waitFor("no MCP server 'peer' is attached");

        type("/nonsense");
        waitFor("unknown command /nonsense");

        type("please answer slowly");
        Thread.sleep(1500);
        tmux("send-keys", "-t", "chat", "C-c");
        waitFor("(cancelled)");

        type("Still there?");
        waitFor("sam> You said:");

        endWithCtrlD();
        assertThat(Files.readString(dir.resolve("stderr.log"))).doesNotContain("Exception");
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", "chat", "-l", line);
        tmux("send-keys", "-t", "chat", "Enter");
    }

    private void waitFor(String text) throws Exception {
        waitForPattern(Pattern.quote(text));
    }

    private void waitForPattern(String regex) throws Exception {
        waitForPattern(regex, WAIT);
    }

    private void waitForPattern(String regex, Duration wait) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        Instant deadline = Instant.now().plus(wait);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = screen();
            if (pattern.matcher(last).find()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + regex + "' did not appear on the screen within " + wait + "; the screen:\n" + last
                + "\nstderr:\n" + Files.readString(dir.resolve("stderr.log")));
    }

    /** Ctrl-D at the prompt ends the session; one typed before the prompt is back is lost, as in any line editor, so it is repeated. */
    private void endWithCtrlD() throws Exception {
        for (int attempt = 0; attempt < 6; attempt++) {
            tmux("send-keys", "-t", "chat", "C-d");
            for (int i = 0; i < 25; i++) {
                if (run("tmux", "-L", socket, "has-session", "-t", "chat").exitValue() != 0) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the session did not end after Ctrl-D; the screen:\n" + screen());
    }

    private String screen() throws Exception {
        Process p = run("tmux", "-L", socket, "capture-pane", "-p", "-J", "-S", "-200", "-t", "chat");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void tmux(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
    }

    private static Process run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.waitFor();
        return p;
    }

    private static boolean onPath(String program) {
        try {
            return run("sh", "-c", "command -v " + program).exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
