package dev.mnemos.memory.archival;

/** A search result: the passage and its cosine similarity to the query, in [-1, 1], higher is closer. */
public record ScoredPassage(Passage passage, double score) {}
