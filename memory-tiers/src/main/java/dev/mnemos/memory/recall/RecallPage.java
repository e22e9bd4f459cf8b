package dev.mnemos.memory.recall;

import java.util.List;

/** One page of recall results, and how many matched in all (for "page 2 of 7"). */
public record RecallPage(List<Message> messages, long total) {

    public RecallPage {
        messages = List.copyOf(messages);
    }
}
