package dev.mnemos.memory.postgres;

/** Embedding vectors in pgvector's text form (the {@code bytea} column holds {@link dev.mnemos.memory.archival.VectorBytes}). */
final class Embeddings {

    private Embeddings() {}

    /** pgvector's text form, {@code [0.1,0.2,...]}. */
    static String toVectorLiteral(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append(']').toString();
    }
}
