package dev.mnemos.cli;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.fidelity.KvBench;
import dev.mnemos.inference.model.Model;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mnemos bench kv}: every KV policy beside full attention: fidelity per policy and budget on text the model
 * writes, and round recall on a dialogue; with {@code --written} (or no model at all), on a written attention-bound
 * model, plus decode time at a long context, full against Quest. {@code --stream N}: sinks+window over N tokens.
 */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "KV paging policies beside full attention: top-1 agreement, KL, KV bytes resident, ms/token.")
public class KvBenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "A GGUF model (default: bench's --model).")
    Path model;

    @Option(names = "--written", description = "Run on a written random model instead (8 layers, 8 KV heads of 16): long contexts, decode speed.")
    boolean written;

    // bench's --model is required, so `mnemos bench --model F kv` is how a model reaches this command today
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--context", paramLabel = "N", description = "Tokens per fidelity text (default: 512 with --model, else 1024); decode-speed context without --model (default: 32768).")
    Integer context;

    @Option(names = "--texts", defaultValue = "3", description = "Texts averaged in the fidelity table (default: ${DEFAULT-VALUE}); 0 skips it.")
    int texts;

    @Option(names = "--rounds", defaultValue = "50", description = "Rounds of the round-recall dialogue (default: ${DEFAULT-VALUE}); 0 skips it.")
    int rounds;

    @Option(names = "--watershed", defaultValue = "1", description = "Round recall's watershed layer (default: ${DEFAULT-VALUE}).")
    int watershed;

    @Option(names = "--top-rounds", defaultValue = "4", description = "Rounds recalled per round (default: ${DEFAULT-VALUE}).")
    int topRounds;

    @Option(names = "--stream", paramLabel = "N", description = "Only stream N tokens under sinks+window, printing memory and ms/token at 10 intervals.")
    Integer stream;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path file = model != null ? model : bench != null ? bench.model : null;
        Path writtenFile = null;
        if (written || file == null) {
            writtenFile = Files.createTempFile("mnemos-kv-bench-", ".gguf");
            KvBench.writeAttentionBoundModel(writtenFile);
            file = writtenFile;
            out.println("model: written random model (8 layers, dim 128, 8 heads / 8 KV heads of 16, FFN 256, vocab 256)");
        } else {
            out.println("model: " + file.getFileName());
        }
        boolean fromFile = writtenFile == null;
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (Model loaded = Model.open(file); ComputePool pool = new ComputePool(n)) {
            KvBench kv = new KvBench(loaded, pool, out);
            if (stream != null) {
                kv.stream(stream, 1020, 10);
            } else {
                if (texts > 0) kv.fidelity(context != null && fromFile ? context : fromFile ? 512 : 1024, texts);
                if (rounds > 0) kv.rounds(rounds, 10, watershed, topRounds);
                if (!fromFile) kv.speed(context != null ? context : 32768, 4, 15);
            }
        } finally {
            if (writtenFile != null) Files.deleteIfExists(writtenFile);
        }
        out.flush();
        return 0;
    }
}
