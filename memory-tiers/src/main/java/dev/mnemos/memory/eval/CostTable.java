package dev.mnemos.memory.eval;

import dev.langchain4j.model.TokenCountEstimator;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.PrismReader;
import dev.mnemos.memory.structured.PrismRun;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.BuildProgress;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.MemoryWalker;
import dev.mnemos.memory.tree.Segmenter;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeBuild;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.memory.tree.WalkResult;
import java.util.List;
import java.util.Random;

/**
 * Prints what MemWalker and PRISM cost in LLM calls and tokens over a 100K-token document, next
 * to reading the whole document in chunks, with a {@link StandInChatModel} that answers at once.
 * Run by {@code scripts/memwalker-cost}; the figures are in the README.
 */
public final class CostTable {

    static final int DOCUMENT_TOKENS = 100_000;
    static final int CHUNK_TOKENS = 3_000;
    static final int SUMMARY_WORDS = 100;
    static final int QUERIES = 10;

    public static void main(String[] args) {
        TokenCountEstimator estimator = new ApproximateTokenCountEstimator();
        StandInChatModel model = new StandInChatModel(estimator, SUMMARY_WORDS);
        String document = syntheticDocument(estimator, DOCUMENT_TOKENS, 7);
        List<String> chunks = new Segmenter(estimator, CHUNK_TOKENS).split(document);
        String question = "Where did the keeper hide the second key?";

        TreeShape shape = TreeShape.DEFAULT;
        SummaryTreeBuilder builder = new SummaryTreeBuilder(model, estimator, shape);
        TreeBuild build = builder.build("doc", document, BuildProgress.SILENT);
        WalkResult walk = new MemoryWalker(model, estimator, 64).walk(build.tree(), question);
        WalkResult detour = new MemoryWalker(new StandInChatModel(estimator, SUMMARY_WORDS, 1), estimator, 64).walk(build.tree(), question);
        TreeBuild append = builder.append(build.tree(), syntheticDocument(estimator, 1_000, 8), BuildProgress.SILENT);
        PrismReader prism = new PrismReader(model, estimator);
        PrismRun run = prism.read(StructuredMemory.fresh("doc", MemorySchema.builtIn("narrative")), "Answer: " + question, chunks);
        ChunkReader.Reading reading = new ChunkReader(model, estimator).read(chunks, question);

        System.out.printf("document: %,d tokens (estimated), %d leaf segments of <= %d tokens, fan-out %d, tree depth %d%n",
                estimator.estimateTokenCountInText(document), build.tree().leaves().size(), shape.segmentTokens(), shape.fanOut(), build.tree().depth());
        System.out.printf("PRISM and chunked reading: %d chunks of <= %,d tokens; summaries of %d words; stand-in model, tokens as estimated%n%n",
                chunks.size(), CHUNK_TOKENS, SUMMARY_WORDS);
        System.out.println("| method | phase | LLM calls | input tokens | output tokens |");
        System.out.println("|---|---|---:|---:|---:|");
        row("MemWalker", "build (once per document)", build.cost());
        row("MemWalker", "append 1K tokens (incremental)", append.cost());
        row("MemWalker", "query (walk, no backtracking)", walk.cost());
        row("MemWalker", "query (first leaf read is wrong)", detour.cost());
        row("MemWalker", QUERIES + " queries incl. build", build.cost().plus(times(walk.cost(), QUERIES)));
        row("PRISM", "read (once per task)", run.cost());
        row("PRISM", QUERIES + " queries, one task each", times(run.cost(), QUERIES));
        row("chunked reading", "query (every chunk asked)", reading.cost());
        row("chunked reading", QUERIES + " queries", times(reading.cost(), QUERIES));
    }

    private static void row(String method, String phase, LlmCost cost) {
        System.out.printf("| %s | %s | %,d | %,d | %,d |%n", method, phase, cost.calls(), cost.inputTokens(), cost.outputTokens());
    }

    private static LlmCost times(LlmCost cost, int n) {
        return new LlmCost(cost.calls() * n, cost.inputTokens() * n, cost.outputTokens() * n);
    }

    /** Paragraphs of English-like filler, the same for the same seed, of about {@code tokens} tokens. */
    static String syntheticDocument(TokenCountEstimator estimator, int tokens, long seed) {
        String[] words = ("the keeper walked along the shore and counted boats while rain fell over harbour town "
                + "lantern key second letter captain widow mill bridge north gate old market bell tower").split(" ");
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        // per-paragraph estimates round differently from the whole text's: stop on the whole text's count
        while (estimator.estimateTokenCountInText(text.toString()) < tokens) {
            paragraph.setLength(0);
            int sentences = 3 + random.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                int length = 8 + random.nextInt(12);
                for (int w = 0; w < length; w++) {
                    String word = words[random.nextInt(words.length)];
                    paragraph.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(w == length - 1 ? ". " : " ");
                }
            }
            String done = paragraph.toString().strip() + "\n\n";
            text.append(done);
        }
        return text.toString();
    }

    private CostTable() {
    }
}
