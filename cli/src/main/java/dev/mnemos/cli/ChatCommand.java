package dev.mnemos.cli;

import dev.mnemos.memory.DataDirectory;
import dev.mnemos.memory.sqlite.SqliteDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mnemos chat}: an interactive session with an agent on the embedded store. */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Talk with an agent that remembers (embedded store, no services needed).")
public class ChatCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "A local GGUF model to run the agent on.")
    Path model;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded store lives (default: $MNEMOS_HOME, else $XDG_DATA_HOME/mnemos, else ~/.local/share/mnemos).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DataDirectory data = dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment();
        try (SqliteDatabase db = SqliteDatabase.open(data.database())) {
            out.printf("memory: embedded SQLite %s (%s) at %s%n", db.sqliteVersion(), db.journalMode(), db.file());
        }
        LlmChoice.from(model, System.getenv())
                .ifPresentOrElse(
                        llm -> out.println("llm: " + llm.describe()),
                        () -> out.println(LlmChoice.HOW_TO_CONFIGURE));
        out.flush();
        return 0;
    }
}
