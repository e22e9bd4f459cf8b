package dev.mnemos.memory.tree;

/**
 * One decision of a walk, for the trail that explains an answer.
 *
 * @param nodeId where the walker stood ({@link TreeNode#id()})
 * @param action what it did: {@code GO 2.3}, {@code BACK}, {@code ANSWER}, or {@code BACK (malformed)}
 *     when the reply could not be read even after the retry
 * @param reasoning the model's reasoning
 */
public record WalkStep(String nodeId, String action, String reasoning) {
}
