package dev.mnemos.memory.tree;

/** Hears how far a tree build has come; called on the building thread after each node. */
@FunctionalInterface
public interface BuildProgress {

    BuildProgress SILENT = (done, total) -> { };

    /**
     * @param done nodes summarized so far in this build
     * @param total nodes this build will summarize
     */
    void nodeDone(int done, int total);
}
