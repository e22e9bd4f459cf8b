package dev.mnemos.cli;

import dev.mnemos.inference.cuda.Device;
import dev.mnemos.inference.generation.GenerationRequest;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mnemos generate}: a plain completion of a prompt, streamed to stdout (and nothing else there). */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Complete a prompt with a local GGUF model, streaming the text to stdout.")
public class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The GGUF model.")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt (BOS is added when the model asks for it).")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "128", description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "Keep the k most likely tokens, 0 for all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "Nucleus sampling threshold (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "Drop tokens below this fraction of the best one (default: ${DEFAULT-VALUE}).")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "1 is off (default: ${DEFAULT-VALUE}).")
    float repeatPenalty;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    Integer threads;

    @Option(names = "--context", defaultValue = "2048", description = "Context length in tokens (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda",
            description = "Where the model runs: cpu, cuda (an NVIDIA GPU, sm_90 or newer), or auto (CUDA when a GPU and driver are there); the choice is said on stderr (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalModel.Options options = LocalModel.Options.defaults().withContextLength(context).withMaxSessions(1);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        SamplerConfig sampling = new SamplerConfig(temperature, topK, topP, minP, repeatPenalty, 0f, 0f, 64, seed);
        Device.Choice choice = DeviceOption.choose(spec, device);
        Consumer<String> print = text -> {
            out.print(text);
            out.flush();
        };
        try (LocalModel local = LocalModel.open(model, options, DeviceOption.cuda(choice))) {
            local.generate(request(local.tokenizer(), sampling), print);
        }
        if (System.console() != null) {
            out.println(); // a terminal gets its prompt back on a line of its own; a pipe gets the completion only
        }
        out.flush();
        return 0;
    }

    private GenerationRequest request(Tokenizer tokenizer, SamplerConfig sampling) {
        return new GenerationRequest(GenerationRequest.DEFAULT_SESSION, tokenizer.encode(prompt), sampling, maxTokens, List.of());
    }
}
