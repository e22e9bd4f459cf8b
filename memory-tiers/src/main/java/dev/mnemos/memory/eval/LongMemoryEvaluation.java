package dev.mnemos.memory.eval;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.BuildProgress;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.MeteredModel;
import dev.mnemos.memory.tree.TreeShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers every question of a QA set with MemWalker, PRISM, plain truncation and retrieval over
 * archival storage, all held to the same context budget, and scores them. Retrieval stores the
 * document in a temporary SQLite engine and embeds it with the default in-process model.
 */
public final class LongMemoryEvaluation {

    /** The methods, by the names {@link #run} accepts. */
    public static final List<String> METHODS = List.of("memwalker", "prism", "truncation", "retrieval");

    private static final int PASSAGE_TOKENS = 128;
    private static final int WALK_STEPS = 24;

    private final ChatModel model;
    private final TokenCountEstimator estimator;
    /** The longest reply a method asks for unless told otherwise: a summary of half the default budget fits. */
    public static final int MAX_REPLY_TOKENS = 256;

    private final int contextTokens;
    private final PrintStream log;

    /**
     * Evaluates with replies of at most {@link #MAX_REPLY_TOKENS}.
     *
     * @see #LongMemoryEvaluation(ChatModel, TokenCountEstimator, int, int, PrintStream)
     */
    public LongMemoryEvaluation(ChatModel model, TokenCountEstimator estimator, int contextTokens, PrintStream log) {
        this(model, estimator, contextTokens, MAX_REPLY_TOKENS, log);
    }

    /**
     * @param model asked at temperature 0, for at most {@code maxReplyTokens} per reply
     * @param estimator counts the budgets' tokens; the model's own counter where there is one
     * @param contextTokens the budget every method keeps to: MemWalker's segments and PRISM's chunks are half of it,
     *     truncation keeps this much of the start, retrieval fills it with passages
     * @param log where each answer is written as it comes; null for silence
     */
    public LongMemoryEvaluation(ChatModel model, TokenCountEstimator estimator, int contextTokens, int maxReplyTokens, PrintStream log) {
        this.model = new BoundedReplies(model, maxReplyTokens);
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        if (contextTokens < 128) {
            throw new IllegalArgumentException("the context budget must be at least 128 tokens, got " + contextTokens);
        }
        this.contextTokens = contextTokens;
        this.log = log;
    }

    /**
     * Produces the score of each of {@code methods} (names from {@link #METHODS}), in that order.
     *
     * @throws IllegalArgumentException for an unknown method
     */
    public List<MethodScore> run(QaSet set, List<String> methods) throws IOException {
        List<MethodScore> scores = new ArrayList<>();
        for (String name : methods) {
            if (!METHODS.contains(name)) {
                throw new IllegalArgumentException("unknown method '" + name + "', there are " + METHODS);
            }
        }
        for (String name : methods) {
            try {
                scores.add(name.equals("retrieval") ? withArchival(set) : score(method(name, set), set));
            } catch (RuntimeException e) {
                // a method that cannot even prepare (a tree build that fails) fails every question, and the others still run
                failure(name, "preparing", e);
                scores.add(new MethodScore(name, 0, set.items().size(), set.items().size(), LlmCost.NONE));
            }
        }
        return scores;
    }

    private QaMethod method(String name, QaSet set) {
        return switch (name) {
            case "memwalker" -> new MemWalkerMethod(model, estimator, set.document(), new TreeShape(contextTokens / 2, 4), WALK_STEPS, progress());
            case "prism" -> new PrismMethod(model, estimator, set.document(), contextTokens / 2);
            case "truncation" -> new Truncation(new MeteredModel(model, estimator), set.document(), contextTokens);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private MethodScore withArchival(QaSet set) throws IOException {
        Path dir = Files.createTempDirectory("mnemos-eval");
        try (SqliteMemoryStore store = SqliteMemoryStore.open(dir.resolve("eval.db"))) {
            AgentKey agent = new AgentKey("eval", "reader");
            store.agents().create(new AgentRecord(agent, null, null, null, null, 1, Instant.now(), null)).await().atMost(Duration.ofMinutes(1));
            ArchivalMemory archival = ArchivalMemory.withDefaultModel(store.archival());
            return score(new Retrieval(new MeteredModel(model, estimator), archival, agent, set.document(), contextTokens, PASSAGE_TOKENS), set);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private MethodScore score(QaMethod method, QaSet set) {
        int correct = 0;
        int failed = 0;
        LlmCost cost = LlmCost.NONE;
        for (QaItem item : set.items()) {
            QaMethod.Reply reply;
            try {
                reply = method.answer(item.question());
            } catch (RuntimeException e) {
                failed++;
                failure(method.name(), item.question(), e);
                continue;
            }
            boolean right = item.isAnsweredBy(reply.text());
            correct += right ? 1 : 0;
            cost = cost.plus(reply.cost());
            if (log != null) {
                log.printf("[%s] %s %s -> %s%n", method.name(), right ? "RIGHT" : "WRONG", item.question(), reply.text().replace('\n', ' ').strip());
            }
        }
        return new MethodScore(method.name(), correct, set.items().size(), failed, cost);
    }

    /** A failed call (an endpoint that timed out, a prompt past a local model's context) is reported, and the run goes on. */
    private void failure(String method, String what, RuntimeException e) {
        (log != null ? log : System.err).printf("[%s] FAILED %s: %s%n", method, what, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private BuildProgress progress() {
        return log == null ? BuildProgress.SILENT : (done, total) -> {
            if (done == total || done % 10 == 0) {
                log.printf("[MemWalker] tree: %d of %d nodes summarized%n", done, total);
            }
        };
    }

    /**
     * Runs {@code methods} over {@code set} and writes what was asked of whom, then the scores as a Markdown table.
     *
     * @param modelLine one line naming the model, for the heading
     */
    public void report(QaSet set, List<String> methods, String modelLine, PrintStream out) throws IOException {
        int questions = set.items().size();
        out.printf("%s: %,d tokens, %d question%s; %s; context budget %,d tokens%n%n",
                set.title(), estimator.estimateTokenCountInText(set.document()), questions, questions == 1 ? "" : "s", modelLine, contextTokens);
        out.flush();
        print(run(set, methods), out);
        out.flush();
    }

    /** Writes the scores as a Markdown table. */
    public static void print(List<MethodScore> scores, PrintStream out) {
        out.println("| method | accuracy | right | LLM calls | input tokens | output tokens | failed |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (MethodScore score : scores) {
            out.printf("| %s | %.0f%% | %d/%d | %,d | %,d | %,d | %d |%n", score.method(), 100 * score.accuracy(), score.correct(), score.total(),
                    score.cost().calls(), score.cost().inputTokens(), score.cost().outputTokens(), score.failed());
        }
    }
}
