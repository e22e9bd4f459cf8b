package dev.mnemos.memory.eval;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.MeteredModel;
import dev.mnemos.memory.tree.PromptFile;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The baseline that MemWalker and PRISM are measured against: read the whole document in chunks
 * that fit the context, asking each one the question, and keep the last answer a chunk gave.
 */
public final class ChunkReader {

    private static final PromptFile READ = PromptFile.load(ChunkReader.class, "read-chunk.txt");

    /**
     * What reading gave.
     *
     * @param answer the answer of the last chunk that had one, else empty
     * @param cost the LLM use
     */
    public record Reading(String answer, LlmCost cost) {
    }

    private final ChatModel model;
    private final TokenCountEstimator estimator;

    public ChunkReader(ChatModel model, TokenCountEstimator estimator) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    public Reading read(List<String> chunks, String question) {
        MeteredModel metered = new MeteredModel(model, estimator);
        String answer = "";
        for (String chunk : chunks) {
            String reply = metered.ask(READ.fill(Map.of("question", question, "chunk", chunk))).strip();
            if (!reply.isEmpty() && !reply.toUpperCase(Locale.ROOT).startsWith("NONE")) {
                answer = reply;
            }
        }
        return new Reading(answer, metered.cost());
    }
}
