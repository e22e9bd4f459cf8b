package dev.mnemos.memory.archival;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Objects;

/**
 * The embedding model an archival store's vectors come from. A store holds vectors of one space
 * only: passages or queries of another are refused rather than compared.
 *
 * @param model the model's name, e.g. {@code all-minilm-l6-v2-q}
 * @param dimension the length of every vector
 */
public record EmbeddingSpace(String model, int dimension) {

    public EmbeddingSpace {
        Objects.requireNonNull(model, "model");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
    }

    /** The space of a model's vectors: its name (else its class's simple name) and its dimension. */
    public static EmbeddingSpace of(EmbeddingModel model) {
        String name = model.modelName() == null ? model.getClass().getSimpleName() : model.modelName();
        return new EmbeddingSpace(name, model.dimension());
    }
}
