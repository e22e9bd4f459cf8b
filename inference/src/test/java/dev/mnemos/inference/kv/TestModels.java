package dev.mnemos.inference.kv;

import dev.mnemos.inference.gguf.RandomModel;
import java.io.IOException;
import java.nio.file.Path;

/** Models for the KV tests: the shared trained stories260K, and small written random ones. */
public final class TestModels {

    private TestModels() {}

    public static Path stories260K() {
        return Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");
    }

    /** A qwen2 model (biases) with grouped-query attention, 2 layers, 4 heads over 2 KV heads of 16. */
    public static Path smallQwen2(Path folder) throws IOException {
        Path file = folder.resolve("kv-qwen2.gguf");
        RandomModel.builder().architecture("qwen2").embeddingLength(64).blockCount(2).headCount(4).headCountKv(2)
                .feedForwardLength(96).vocabularySize(256).contextLength(1 << 20).seed(11).build().write(file);
        return file;
    }
}
