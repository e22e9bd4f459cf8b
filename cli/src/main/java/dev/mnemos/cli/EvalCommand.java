package dev.mnemos.cli;

import dev.langchain4j.model.TokenCountEstimator;
import dev.mnemos.cli.llm.LanguageModels;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.eval.LongMemoryEvaluation;
import dev.mnemos.memory.eval.QaSet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnemos eval}: the accuracy of MemWalker, PRISM, plain truncation and retrieval over archival storage on a
 * long-document QA set, with a local GGUF model or any OpenAI-compatible endpoint. Not part of the test run.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score MemWalker, PRISM, plain truncation and archival retrieval on a long-document QA set with a real model.")
public class EvalCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Llm llm;

    static class Llm {
        @Option(names = "--model", paramLabel = "FILE", description = "A local GGUF model, run by mnemos with its chat template.")
        Path model;

        @Option(names = "--base-url", paramLabel = "URL", description = "An OpenAI-compatible endpoint, e.g. http://localhost:8080/v1.")
        String baseUrl;
    }

    @Option(names = "--model-name", paramLabel = "NAME", description = "The model the endpoint should run (with --base-url; default: ${DEFAULT-VALUE}).",
            defaultValue = "default")
    String modelName;

    @Option(names = "--api-key", paramLabel = "KEY", description = "The endpoint's API key (default: $MNEMOS_OPENAI_API_KEY, else $OPENAI_API_KEY).")
    String apiKey;

    @Option(names = "--qa", paramLabel = "FILE", description = "A QA set (JSON: title, document file beside it, questions); default: the story shipped with mnemos.")
    Path qa;

    @Option(names = "--context-tokens", defaultValue = "1024", description = "The context budget every method keeps to (default: ${DEFAULT-VALUE}).")
    int contextTokens;

    @Option(names = "--max-reply-tokens", defaultValue = "" + LongMemoryEvaluation.MAX_REPLY_TOKENS, description = "The longest reply asked for (default: ${DEFAULT-VALUE}).")
    int maxReplyTokens;

    @Option(names = "--methods", split = ",", defaultValue = "memwalker,prism,truncation,retrieval", description = "Which methods (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--threads", paramLabel = "N", description = "Cores for a local model (default: all).")
    Integer threads;

    @Option(names = "--verbose", description = "Print every answer.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (qa != null && !Files.isRegularFile(qa)) {
            throw new ParameterException(spec.commandLine(), "no QA set file " + qa);
        }
        QaSet set = qa == null ? QaSet.builtIn() : QaSet.fromFile(qa);
        LlmChoice choice = llm.model != null ? new LlmChoice.LocalModel(llm.model) : new LlmChoice.OpenAiCompatible(llm.baseUrl, modelName);
        Map<String, String> env = apiKey != null ? Map.of("MNEMOS_OPENAI_API_KEY", apiKey) : System.getenv();
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PrintStream out = System.out;
        try (LanguageModels models = LanguageModels.open(choice, env, cores)) {
            if (models.local() != null && contextTokens + maxReplyTokens > models.local().contextLength()) {
                throw new ParameterException(spec.commandLine(), String.format("%s holds %d tokens: --context-tokens (%d) and --max-reply-tokens (%d) must fit in it, with room for the prompts",
                        llm.model, models.local().contextLength(), contextTokens, maxReplyTokens));
            }
            TokenCountEstimator counter = models.tokenCounter() != null ? models.tokenCounter() : new ApproximateTokenCountEstimator();
            String modelLine = choice.describe() + (models.tokenCounter() != null ? ", tokens as it counts them" : ", tokens estimated");
            var evaluation = new LongMemoryEvaluation(models.chat(), counter, contextTokens, maxReplyTokens, verbose ? out : null);
            evaluation.report(set, methods, modelLine, out);
        }
        return 0;
    }
}
