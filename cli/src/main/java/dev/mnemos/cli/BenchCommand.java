package dev.mnemos.cli;

import dev.mnemos.inference.bench.Benchmark;
import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.model.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mnemos bench}: prompt-processing and generation speed, as llama-bench measures them, beside the bandwidth roofline. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = KvBenchCommand.class, description = "Measure prompt processing (pp) and generation (tg) tokens/s of a GGUF model, with the memory-bandwidth roofline.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The GGUF model.")
    Path model;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    Integer threads;

    @Option(names = "--prompt-tokens", defaultValue = "512", description = "Prompt length of the pp test (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "128", description = "Tokens generated in the tg test (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--repetitions", defaultValue = "3", description = "Rounds after a warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (Model loaded = Model.open(model); ComputePool pool = new ComputePool(n)) {
            Benchmark.Result r = Benchmark.run(loaded, pool, promptTokens, genTokens, repetitions);
            out.printf("model: %s (%s, %d layers, dim %d), threads: %d%n", model.getFileName(), loaded.architecture().ggufName(), loaded.shape().blockCount(), loaded.shape().embeddingLength(), r.threads());
            out.printf("pp%d: %.1f tokens/s%n", r.promptTokens(), r.promptTokensPerSecond());
            out.printf("tg%d: %.1f tokens/s%n", r.genTokens(), r.genTokensPerSecond());
            out.printf("roofline: %.1f GB/s read bandwidth / %.1f MB per token = %.1f tokens/s (tg at %.0f%% of it)%n",
                    r.readBandwidth() / 1e9, r.bytesPerToken() / 1e6, r.rooflineTokensPerSecond(), 100 * r.genTokensPerSecond() / r.rooflineTokensPerSecond());
        }
        out.flush();
        return 0;
    }
}
