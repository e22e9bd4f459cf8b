package dev.mnemos.kernel.syscall.memgpt;

import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import java.util.List;

/** The MemGPT syscall set, in the order the LLM sees it. */
public final class MemGptSyscalls {

    private MemGptSyscalls() {}

    public static List<Syscall> all(Prompts prompts) {
        return List.of(
                SendMessage.of(prompts),
                CoreMemoryAppend.of(prompts),
                CoreMemoryReplace.of(prompts),
                ConversationSearch.of(prompts),
                ArchivalMemoryInsert.of(prompts),
                ArchivalMemorySearch.of(prompts));
    }
}
