package dev.mnemos.agents;

import dev.langchain4j.model.embedding.EmbeddingModel;

/** The fast test embedding model, for the tests of other packages. */
public final class TestEmbeddings {

    private TestEmbeddings() {}

    public static EmbeddingModel create() {
        return new WordHashEmbeddings();
    }
}
