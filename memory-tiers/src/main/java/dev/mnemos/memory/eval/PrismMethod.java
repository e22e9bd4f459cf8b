package dev.mnemos.memory.eval;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.PrismReader;
import dev.mnemos.memory.structured.PrismRun;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.tree.Segmenter;
import java.util.List;

/**
 * PRISM: the document is read chunk by chunk into a structured memory under the {@code qa} schema,
 * once per question (the question is the task), and the answer is read from the memory.
 */
final class PrismMethod implements QaMethod {

    private final PrismReader reader;
    private final List<String> chunks;

    PrismMethod(ChatModel model, TokenCountEstimator estimator, String document, int chunkTokens) {
        this.reader = new PrismReader(model, estimator);
        this.chunks = new Segmenter(estimator, chunkTokens).split(document);
    }

    @Override
    public String name() {
        return "PRISM";
    }

    @Override
    public Reply answer(String question) {
        StructuredMemory start = StructuredMemory.fresh("eval", MemorySchema.builtIn("qa"));
        PrismRun run = reader.read(start, "Find the answer to this question: " + question, chunks);
        PrismReader.Answer answer = reader.answer(run.memory(), question);
        return new Reply(answer.text(), run.cost().plus(answer.cost()));
    }
}
