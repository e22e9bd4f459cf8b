package dev.mnemos.memory.archival;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embedding vectors as engines store them in a binary column: float32, little-endian, no header. */
public final class VectorBytes {

    private VectorBytes() {}

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
