package dev.mnemos.memory.eval;

import dev.mnemos.memory.tree.LlmCost;

/** One way of answering questions about a document longer than the context. */
interface QaMethod {

    /** What a method replied, and what replying cost (preparation such as building a tree is counted once, in the first). */
    record Reply(String text, LlmCost cost) {
    }

    String name();

    Reply answer(String question);
}
