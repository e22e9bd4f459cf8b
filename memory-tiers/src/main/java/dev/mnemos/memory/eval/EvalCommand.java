package dev.mnemos.memory.eval;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/eval-long-memory}: scores MemWalker, PRISM, plain truncation and archival
 * retrieval on a long-document QA set with a real model behind an OpenAI-compatible endpoint
 * (llama.cpp's server, vLLM, Ollama's /v1, OpenAI itself). Not part of the test run.
 */
@Command(name = "eval-long-memory", mixinStandardHelpOptions = true,
        description = "Accuracy of MemWalker, PRISM, plain truncation and retrieval on a long-document QA set.")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--openai-base-url", required = true, description = "the endpoint, e.g. http://localhost:8080/v1")
    String baseUrl;

    @Option(names = "--model", required = true, description = "the model name the endpoint expects")
    String model;

    @Option(names = "--api-key", defaultValue = "${env:OPENAI_API_KEY:-not-needed}", description = "the API key (default: $OPENAI_API_KEY)")
    String apiKey;

    @Option(names = "--qa", description = "a QA set file (JSON: title, document, questions); default: the story shipped with mnemos")
    Path qa;

    @Option(names = "--context-tokens", defaultValue = "1024", description = "the context budget every method keeps to (default: ${DEFAULT-VALUE})")
    int contextTokens;

    @Option(names = "--methods", split = ",", defaultValue = "memwalker,prism,truncation,retrieval", description = "which methods (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(names = "--timeout-seconds", defaultValue = "300", description = "per LLM call (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "print every answer")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        QaSet set = qa == null ? QaSet.builtIn() : QaSet.fromFile(qa);
        var chat = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .temperature(0.0)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .build();
        var estimator = new ApproximateTokenCountEstimator();
        System.out.printf("%s: %,d tokens (estimated), %d questions; model %s; context budget %,d tokens%n%n",
                set.title(), estimator.estimateTokenCountInText(set.document()), set.items().size(), model, contextTokens);
        var scores = new LongMemoryEvaluation(chat, estimator, contextTokens, verbose ? System.out : null).run(set, methods);
        LongMemoryEvaluation.print(scores, System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}
