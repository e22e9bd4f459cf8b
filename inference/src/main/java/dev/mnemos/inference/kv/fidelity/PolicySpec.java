package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.kv.KvPolicy;
import java.util.function.Supplier;

/** A policy to measure: its budget in words, and a fresh instance per session (policies keep session state). */
public record PolicySpec(String budget, Supplier<KvPolicy> policy) {}
