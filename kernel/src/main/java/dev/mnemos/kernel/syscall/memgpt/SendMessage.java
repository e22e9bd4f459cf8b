package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;

/** {@code send_message(message)}: the one way the user sees what the agent writes. */
public final class SendMessage implements Syscall {

    public static final String NAME = "send_message";

    private final ToolSpecification specification;

    public SendMessage(Prompts prompts) {
        this.specification = ToolSpecification.builder()
                .name(NAME)
                .description(prompts.syscall(NAME))
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("message", prompts.syscall(NAME + ".message"))
                        .required("message")
                        .additionalProperties(false)
                        .build())
                .build();
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        context.send(arguments.string("message"));
        return Uni.createFrom().item(SyscallResult.ok(context.prompts().text("send_message.sent")));
    }
}
