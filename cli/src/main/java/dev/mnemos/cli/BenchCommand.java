package dev.mnemos.cli;

import dev.mnemos.inference.bench.Benchmark;
import dev.mnemos.inference.cuda.CudaBenchmark;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.Device;
import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.State;
import java.io.PrintWriter;
import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.RandomModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mnemos bench}: prompt-processing and generation speed, as llama-bench measures them, beside the bandwidth roofline. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = KvBenchCommand.class, description = "Measure prompt processing (pp) and generation (tg) tokens/s of a GGUF model, with the memory-bandwidth roofline.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "The GGUF model.")
    Path model;

    @Option(names = "--written", paramLabel = "TYPE", description = "Instead of --model: write a stories110M-shaped Llama (embd 768, 12 layers, 12 heads, ffn 2048, vocab 32000, context 1024, separate output) with seeded random weights of this type (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K) to a temporary file and measure that.")
    GgmlType written;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "With --written: copy the tokenizer of this GGUF file into the model (its vocabulary then sets the vocabulary size), so that llama.cpp loads the file too.")
    Path tokenizer;

    @Option(names = "--save", paramLabel = "FILE", description = "With --written: write the model to FILE and keep it, rather than to a temporary file.")
    Path save;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    Integer threads;

    @Option(names = "--prompt-tokens", defaultValue = "512", description = "Prompt length of the pp test (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "128", description = "Tokens generated in the tg test (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0", description = "CPU: tokens already in the cache when pp and tg start, prefilled untimed, as llama-bench's -d (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", paramLabel = "N", description = "CPU: tokens per prefill batch, as llama-bench's -b (default: the same batch as mnemos's own prompt prefill, " + State.DEFAULT_MAX_BATCH + ").")
    Integer batch;

    @Option(names = "--repetitions", defaultValue = "3", description = "Rounds after a warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda",
            description = "Where the model runs: cpu, cuda (an NVIDIA GPU, sm_90 or newer), or auto (CUDA when a GPU and driver are there); the choice is said on stderr (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    /** The stories110M shape of REFERENCE.md, seeded, into {@link #save} or a temporary file. */
    private void writeModel() throws java.io.IOException {
        RandomModel.Builder builder = RandomModel.builder().architecture("llama").embeddingLength(768).blockCount(12).headCount(12)
                .headCountKv(12).feedForwardLength(2048).contextLength(1024).weightType(written).seed(42);
        if (tokenizer != null) {
            try (GgufFile vocabulary = GgufFile.open(tokenizer)) {
                builder.tokenizer(vocabulary.metadata());
            }
        } else {
            builder.vocabularySize(32000);
        }
        if (save != null) {
            model = save;
        } else {
            model = Files.createTempFile("mnemos-bench-" + written + "-", ".gguf");
            model.toFile().deleteOnExit();
        }
        builder.build().write(model);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((model == null) == (written == null)) {
            throw new ParameterException(spec.commandLine(), "give --model FILE or --written TYPE");
        }
        if (written == null && (tokenizer != null || save != null)) {
            throw new ParameterException(spec.commandLine(), "--tokenizer and --save go with --written TYPE");
        }
        if (written != null) {
            writeModel();
        }
        if (depth < 0) {
            throw new ParameterException(spec.commandLine(), "--depth must not be negative: " + depth);
        }
        Device.Choice choice = DeviceOption.choose(spec, device);
        if (choice.device() == Device.CUDA && depth > 0) {
            throw new ParameterException(spec.commandLine(), "--depth is measured on the CPU only (the CUDA benchmark decodes from an empty cache)");
        }
        if (choice.device() == Device.CUDA) {
            try (Model loaded = Model.open(model)) {
                CudaBenchmark r = CudaBenchmark.run(loaded, CudaDevice.probe().device().orElseThrow(), promptTokens, genTokens);
                out.printf("model: %s, device: %s (%s)%n", model.getFileName(), CudaDevice.probe().device().orElseThrow().describe(), r.graph());
                out.printf("pp%d: %.1f tokens/s (token by token)%n", promptTokens, r.promptTokensPerSecond());
                out.printf("tg%d: %.1f tokens/s, reading %.1f MB per token = %.0f GB/s%n", genTokens, r.genTokensPerSecond(), r.bytesPerToken() / 1e6,
                        r.bytesPerToken() * r.genTokensPerSecond() / 1e9);
            }
            out.flush();
            return 0;
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int b = batch != null ? batch : State.DEFAULT_MAX_BATCH;
        if (b < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be positive: " + b);
        }
        try (Model loaded = Model.open(model); ComputePool pool = new ComputePool(n)) {
            int needed = depth + Math.max(promptTokens, genTokens);
            if (needed > loaded.shape().contextLength()) {
                throw new ParameterException(spec.commandLine(), "--depth " + depth + " and " + Math.max(promptTokens, genTokens)
                        + " tokens need " + needed + " positions; the model's context has " + loaded.shape().contextLength());
            }
            Benchmark.Result r = Benchmark.run(loaded, pool, promptTokens, genTokens, repetitions, b, depth);
            out.printf("model: %s (%s, %d layers, dim %d), threads: %d, batch: %d%n", written != null ? "written " + written + " stories110M shape" : model.getFileName(), loaded.architecture().ggufName(), loaded.shape().blockCount(), loaded.shape().embeddingLength(), r.threads(), b);
            String at = r.depth() > 0 ? " @ d" + r.depth() : "";
            out.printf("pp%d%s: %.1f tokens/s (%.1f per CPU-second per thread)%n", r.promptTokens(), at, r.promptTokensPerSecond(), r.promptTokensPerCpuSecond());
            out.printf("tg%d%s: %.1f tokens/s (%.1f per CPU-second per thread)%n", r.genTokens(), at, r.genTokensPerSecond(), r.genTokensPerCpuSecond());
            out.printf("roofline: %.1f GB/s read bandwidth / %.1f MB per token = %.1f tokens/s (tg at %.0f%% of it)%n",
                    r.readBandwidth() / 1e9, r.bytesPerToken() / 1e6, r.rooflineTokensPerSecond(), 100 * r.genTokensPerSecond() / r.rooflineTokensPerSecond());
        }
        out.flush();
        return 0;
    }
}
