package dev.mnemos.kernel.syscall.memgpt;

import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import java.util.List;

/** The MemGPT syscall set, in the order the LLM sees it. */
public final class MemGptSyscalls {

    private MemGptSyscalls() {}

    public static List<Syscall> all(Prompts prompts) {
        return List.of(
                new SendMessage(prompts),
                new CoreMemoryAppend(prompts),
                new CoreMemoryReplace(prompts),
                new ConversationSearch(prompts),
                new ArchivalMemoryInsert(prompts),
                new ArchivalMemorySearch(prompts));
    }
}
