package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;

/** {@code send_message(message)}: the one way the user sees what the agent writes. */
public record SendMessage(ToolSpecification specification) implements Syscall {

    public static final String NAME = "send_message";

    /** The syscall, described with the texts of {@code prompts}. */
    public static SendMessage of(Prompts prompts) {
        return new SendMessage(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("message", MemGptSpecification.parameter(prompts, NAME, "message"))
                .required("message")));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        context.send(arguments.string("message"));
        return Uni.createFrom().item(SyscallResult.ok(context.prompts().text("send_message.sent")));
    }
}
