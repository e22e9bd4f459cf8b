package dev.mnemos.memory.core;

import java.time.Instant;

/** One stored state of a block: its value after the edit that made {@code version}. */
public record BlockVersion(String label, long version, String value, Instant at, String stepId) {}
