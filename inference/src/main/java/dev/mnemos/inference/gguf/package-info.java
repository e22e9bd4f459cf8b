/**
 * GGUF, the model file format of llama.cpp: {@link dev.mnemos.inference.gguf.GgufFile} maps a file and parses its
 * metadata and tensor directory (v2 and v3, every value type, alignment), handing out tensor data as slices of the
 * mapping; {@link dev.mnemos.inference.gguf.GgufWriter} writes one, and
 * {@link dev.mnemos.inference.gguf.RandomModel} writes a Llama or Qwen2 model of any size with seeded weights.
 * {@link dev.mnemos.inference.gguf.GgmlType} knows every ggml element type's block size; the {@code *Format} classes
 * are the scalar references for F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K (dequantizing, and quantizing bit for bit as
 * ggml's reference quantizers), reached by type through {@link dev.mnemos.inference.gguf.Dequantizer} and
 * {@link dev.mnemos.inference.gguf.Quantizer}. A broken or hostile file fails with a
 * {@link dev.mnemos.inference.gguf.ModelFormatException} that names the byte offset.
 */
package dev.mnemos.inference.gguf;
