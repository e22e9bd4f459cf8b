package dev.mnemos.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufWriter;
import dev.mnemos.inference.gguf.ModelFormatException;
import dev.mnemos.inference.gguf.RandomModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast forward pass against the scalar oracle ({@link ReferenceForward}) on random models of both architectures. */
class TransformerTest {

    static final int[] TOKENS = {1, 17, 99, 3, 250, 42, 7, 128, 5, 64};

    @TempDir
    Path dir;

    static Path write(Path dir, String architecture, GgmlType type, boolean tied) throws Exception {
        Path file = dir.resolve(architecture + "-" + type + (tied ? "-tied" : "") + ".gguf");
        RandomModel.builder().architecture(architecture).embeddingLength(64).blockCount(2).headCount(4).headCountKv(2)
                .feedForwardLength(96).vocabularySize(256).contextLength(64).ropeFreqBase(10000f)
                .tiedEmbeddings(tied).weightType(type).seed(7).build().write(file);
        return file;
    }

    /** Logits at every position: the prompt in batches of {@code maxBatch}, then the reference, side by side. */
    private static float maxDifferenceFromOracle(Path file, int threads, int maxBatch) throws Exception {
        try (Model model = Model.open(file); ComputePool pool = new ComputePool(threads)) {
            Transformer transformer = new Transformer(model);
            State state = transformer.newState(pool, 64, maxBatch);
            ReferenceForward oracle = new ReferenceForward(model, 64);
            float worst = 0;
            // the first half as one prefill, then token by token
            int half = TOKENS.length / 2;
            float[] logits = transformer.forward(state, TOKENS, 0, half, 0);
            float[] expected = null;
            for (int p = 0; p < half; p++) expected = oracle.forward(TOKENS[p], p);
            worst = Math.max(worst, maxDifference(logits, expected));
            for (int p = half; p < TOKENS.length; p++) {
                logits = transformer.forward(state, TOKENS, p, 1, p);
                worst = Math.max(worst, maxDifference(logits, oracle.forward(TOKENS[p], p)));
            }
            return worst;
        }
    }

    static float maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"llama, false, 1, 16", "llama, true, 2, 3", "qwen2, false, 2, 16", "qwen2, true, 1, 1"})
    void should_equal_the_scalar_reference_within_1e_4_when_weights_are_f32(String architecture, boolean tied, int threads, int maxBatch) throws Exception {
        assertThat(maxDifferenceFromOracle(write(dir, architecture, GgmlType.F32, tied), threads, maxBatch)).isLessThan(1e-4f);
    }

    @ParameterizedTest
    @CsvSource({"llama, F16", "llama, BF16", "llama, Q8_0", "llama, Q4_0", "qwen2, F16", "qwen2, Q8_0", "qwen2, Q4_0"})
    void should_equal_the_scalar_reference_on_the_same_quantized_weights_when_quantized(String architecture, GgmlType type) throws Exception {
        assertThat(maxDifferenceFromOracle(write(dir, architecture, type, false), 2, 4)).isLessThan(1e-4f);
    }

    /** The same seed gives the same weights before quantization: the logits drift from F32 by the type's error only. */
    @ParameterizedTest
    @CsvSource({"F16, 0.002", "BF16, 0.015", "Q8_0, 0.03", "Q4_0, 0.5"})
    void should_stay_within_the_quantization_error_of_f32_when_quantized(GgmlType type, float tolerance) throws Exception {
        for (String architecture : new String[] {"llama", "qwen2"}) {
            float[] exact = lastLogits(write(dir, architecture, GgmlType.F32, false));
            float[] quantized = lastLogits(write(dir, architecture, type, false));
            float drift = maxDifference(exact, quantized);
            assertThat(drift).as("%s %s", architecture, type).isLessThan(tolerance).isGreaterThan(0f);
        }
    }

    private static float[] lastLogits(Path file) throws Exception {
        try (Model model = Model.open(file); ComputePool pool = new ComputePool(1)) {
            Transformer transformer = new Transformer(model);
            return transformer.forward(transformer.newState(pool, 64, 16), TOKENS, 0, TOKENS.length, 0).clone();
        }
    }

    @Test
    void should_name_the_architecture_when_it_is_unknown() throws Exception {
        Path file = dir.resolve("mamba.gguf");
        new GgufWriter().putString("general.architecture", "mamba").write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> Model.load(gguf)).isInstanceOf(ModelFormatException.class).hasMessageContaining("'mamba'");
        }
    }
}
