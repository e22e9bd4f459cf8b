package dev.mnemos.memory.structured;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.MeteredModel;
import dev.mnemos.memory.tree.PromptFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a long input as a stream of chunks into a structured memory (PRISM). For each chunk the
 * LLM sees the task, the schema, the memory so far and the chunk, and answers with updates
 * ({@link UpdateScript}); each is applied or refused ({@link MemoryUpdater}), and the refusals are
 * shown to it with the next chunk so that it can correct them.
 *
 * <p>Every prompt starts with the same stable part (instructions, task, schema), and only then the
 * changing part (memory, feedback, chunk): a local model that keeps its KV cache between calls
 * prefills the stable part once for the whole run.
 */
public final class PrismReader {

    private static final PromptFile INSTRUCTIONS = PromptFile.load(PrismReader.class, "instructions.txt");
    private static final PromptFile CHUNK = PromptFile.load(PrismReader.class, "chunk.txt");
    private static final PromptFile ANSWER = PromptFile.load(PrismReader.class, "answer.txt");

    private final ChatModel model;
    private final TokenCountEstimator estimator;
    private final MemoryUpdater updater = new MemoryUpdater();

    public PrismReader(ChatModel model, TokenCountEstimator estimator) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /** The part of every prompt of a run that does not change from chunk to chunk. */
    public static String stablePart(String task, MemorySchema schema) {
        return INSTRUCTIONS.fill(Map.of("task", task, "schema", schema.json()));
    }

    /**
     * Produces the memory after reading {@code chunks} in order, starting from {@code start}. An
     * empty list produces {@code start} at no cost.
     */
    public PrismRun read(StructuredMemory start, String task, List<String> chunks) {
        Objects.requireNonNull(task, "task");
        MeteredModel metered = new MeteredModel(model, estimator);
        String stable = stablePart(task, start.schema());
        StructuredMemory memory = start;
        List<RejectedUpdate> rejected = new ArrayList<>();
        List<String> feedback = List.of();
        int applied = 0;
        for (int i = 0; i < chunks.size(); i++) {
            String changing = CHUNK.fill(Map.of(
                    "memory", memory.render(),
                    "feedback", feedback.isEmpty() ? "(none)" : "- " + String.join("\n- ", feedback),
                    "number", i + 1,
                    "count", chunks.size(),
                    "chunk", chunks.get(i)));
            UpdateScript script = UpdateScript.parse(metered.ask(stable + "\n\n" + changing));
            List<String> errors = new ArrayList<>(script.errors());
            for (MemoryUpdate update : script.updates()) {
                try {
                    memory = updater.apply(memory, update);
                    applied++;
                } catch (MemoryUpdateException refused) {
                    errors.add(refused.getMessage());
                }
            }
            for (String error : errors) {
                rejected.add(new RejectedUpdate(i, error));
            }
            feedback = errors;
        }
        return new PrismRun(memory, applied, rejected, metered.cost());
    }

    /**
     * An answer read from a memory.
     *
     * @param text the model's answer, stripped
     * @param cost the one call it took
     */
    public record Answer(String text, LlmCost cost) {
    }

    /** Produces the answer to {@code question} from the memory alone. */
    public Answer answer(StructuredMemory memory, String question) {
        MeteredModel metered = new MeteredModel(model, estimator);
        String text = metered.ask(ANSWER.fill(Map.of("schema", memory.schema().json(), "memory", memory.render(), "question", question)));
        return new Answer(text.strip(), metered.cost());
    }
}
