package dev.mnemos.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Java program that uses memory (SQLite, an archival note embedded and found again) ends when
 * its {@code main} returns: no mnemos thread, nor one of Mutiny's default pools, keeps the JVM alive.
 */
class WorkersTest {

    @TempDir
    Path directory;

    @Test
    void aProgramUsingMemoryExitsWhenItsMainReturns() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = directory.resolve("program.out");
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Program.class.getName(), directory.resolve("memory.db").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(printed).as("what the program printed").contains("found: Tom sleeps under the table.");
        assertThat(ended).as("the program ended by itself after main returned; it printed:%n%s", printed).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** The program: opens a store, files a note, finds it, and returns without closing anything. */
    public static final class Program {
        public static void main(String[] args) throws IOException {
            Duration timeout = Duration.ofSeconds(60);
            MemoryStore store = SqliteMemoryStore.open(Path.of(args[0]));
            AgentKey key = new AgentKey("workers-test", "ada");
            store.agents().create(new AgentRecord(key, "ada", "chat", null, null, 0, Instant.now(), null)).await().atMost(timeout);
            ArchivalMemory notes = ArchivalMemory.withDefaultModel(store.archival());
            notes.insert(key, "Tom sleeps under the table.").await().atMost(timeout);
            String found = notes.search(key, "Where does Tom sleep?", ArchivalQuery.top(1)).await().atMost(timeout).getFirst().passage().text();
            System.out.println("found: " + found);
        }
    }
}
