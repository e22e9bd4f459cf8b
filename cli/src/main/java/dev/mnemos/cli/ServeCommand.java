package dev.mnemos.cli;

import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.mcp.McpAttachments;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnemos serve}: the server face. Its options are read twice: by {@link dev.mnemos.cli.serve.ServeSwitch}
 * before Quarkus starts (host, port, storage, model become configuration), and here, where they are
 * only shown.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve agents over HTTP: REST + SSE, OpenAI- and Letta-compatible routes (embedded store, or PostgreSQL + Redis when configured).")
public class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8283", description = "The port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    public int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address to listen on (default ${DEFAULT-VALUE}).")
    public String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded store lives (default: $MNEMOS_HOME, else $XDG_DATA_HOME/mnemos, else ~/.local/share/mnemos).")
    public Path dataDir;

    @Option(names = "--model", paramLabel = "FILE", description = "A local GGUF model for the agents and /v1/chat/completions (else MNEMOS_MODEL, or an endpoint from the environment).")
    public Path model;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda",
            description = "Where a local model runs: auto picks CUDA when a GPU and driver are present, cuda fails without one (default: ${DEFAULT-VALUE}).")
    public String device;

    @Inject
    ServedMnemos served;

    @Inject
    McpAttachments attachments;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int actualPort = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(port);
        out.println("mnemos serve: " + served.describe());
        if (served.llm().isPresent() && served.llm().get() instanceof LlmChoice.LocalModel) {
            DeviceOption.choose(spec, device); // says where the model runs, or why it cannot run there
        }
        if (served.shared()) {
            served.runtime(); // a node of several starts its kernel now, to take over the agents of a node that dies
        }
        attachments.restore();
        out.printf("listening on http://%s:%d (OpenAPI at /q/openapi, Swagger UI at /q/swagger-ui)%n", host, actualPort);
        out.flush();
        Quarkus.waitForExit();
        return 0;
    }
}
