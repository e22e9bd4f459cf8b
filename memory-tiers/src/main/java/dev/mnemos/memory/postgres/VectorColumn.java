package dev.mnemos.memory.postgres;

/**
 * Whether passages carry a pgvector column beside their {@code bytea} embedding. The extension is
 * optional: where {@code CREATE EXTENSION vector} fails (not installed, no privilege) the engine
 * searches the {@code bytea} embeddings in process instead.
 *
 * @param present true when the {@code embedding_vector} column exists
 */
record VectorColumn(boolean present) {

    static final VectorColumn ABSENT = new VectorColumn(false);

    /** The expression the HNSW index is built on and searches order by; pgvector indexes need a fixed dimension. */
    static String indexed(int dimension) {
        return "cast(p.embedding_vector as vector(" + dimension + "))";
    }

    static String createIndex(int dimension) {
        return "CREATE INDEX IF NOT EXISTS passages_hnsw ON passages USING hnsw ((cast(embedding_vector as vector(" + dimension
                + "))) vector_cosine_ops)";
    }
}
