package dev.mnemos.inference.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.inference.chat.ChatMessage;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.chat.ToolCall;
import dev.mnemos.inference.chat.ToolDefinition;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;

/**
 * The prompt a LangChain4j request becomes for a local model: its messages and tools rendered with the
 * model's chat template, then encoded with control tokens parsed. Generation and token counting both go
 * through here, so what is counted is what is generated from.
 */
record PromptRender(ChatTemplate template, Tokenizer tokenizer) {

    /** The prompt text of a conversation, with the generation prompt of an assistant turn at the end. */
    String text(List<dev.langchain4j.data.message.ChatMessage> messages, List<ToolSpecification> tools) {
        List<ToolDefinition> definitions = tools == null ? List.of() : tools.stream().map(PromptRender::definition).toList();
        return template.render(messages.stream().map(PromptRender::message).toList(), definitions, true);
    }

    /** Token ids of a rendered prompt: control tokens parsed, BOS added unless the template wrote it. */
    int[] ids(String prompt) {
        int bos = tokenizer.bos();
        boolean templateWroteBos = bos >= 0 && prompt.startsWith(tokenizer.tokenText(bos));
        return tokenizer.encode(prompt, !templateWroteBos, true);
    }

    static ChatMessage message(dev.langchain4j.data.message.ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> ChatMessage.system(system.text());
            case UserMessage user -> ChatMessage.user(user.hasSingleText() ? user.singleText() : textOf(user));
            case AiMessage ai -> ai.hasToolExecutionRequests()
                    ? ChatMessage.assistant(ai.text() == null ? "" : ai.text(), ai.toolExecutionRequests().stream()
                            .map(call -> new ToolCall(call.id(), call.name(), call.arguments()))
                            .toList())
                    : ChatMessage.assistant(ai.text() == null ? "" : ai.text());
            case ToolExecutionResultMessage result -> ChatMessage.tool(result.id(), result.text());
            default -> throw new IllegalArgumentException("the local model cannot render a " + message.type() + " message");
        };
    }

    private static String textOf(UserMessage user) {
        StringBuilder text = new StringBuilder();
        for (var content : user.contents()) {
            if (content instanceof dev.langchain4j.data.message.TextContent t) {
                text.append(t.text());
            } else {
                throw new IllegalArgumentException("the local model reads text only, not " + content.type());
            }
        }
        return text.toString();
    }

    static ToolDefinition definition(ToolSpecification tool) {
        JsonObjectSchema parameters = tool.parameters() != null ? tool.parameters() : JsonObjectSchema.builder().build();
        Map<String, Object> schema = JsonSchemaElementUtils.toMap(parameters);
        return new ToolDefinition(tool.name(), tool.description() == null ? "" : tool.description(), dev.langchain4j.internal.Json.toJson(schema));
    }
}
