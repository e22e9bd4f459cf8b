package dev.mnemos.agents.syscall;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted LLM for the syscall tests: its summaries say only whether the text mentions the vault,
 * it walks towards the summary that does, and at a leaf it answers when the text gives the code.
 */
final class VaultReader implements ChatModel {

    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse doChat(ChatRequest request) {
        calls.incrementAndGet();
        String prompt = ((UserMessage) request.messages().getLast()).singleText();
        return ChatResponse.builder().aiMessage(AiMessage.from(reply(prompt))).build();
    }

    private static String reply(String prompt) {
        if (prompt.stripTrailing().endsWith("Summary:")) {
            return prompt.contains("vault") ? "Talk that mentions the vault." : "Talk about the weather.";
        }
        if (prompt.contains("Action: GO <number")) {
            String[] options = prompt.substring(prompt.indexOf("Summary 1:"), prompt.indexOf("Reply in exactly")).split("Summary \\d+:");
            for (int i = 1; i < options.length; i++) {
                if (options[i].contains("vault")) {
                    return "Reasoning: it mentions the vault.\nAction: GO " + i;
                }
            }
            return "Reasoning: nothing about the vault.\nAction: BACK";
        }
        return prompt.contains("code of the vault is 4471") ? "Reasoning: stated here.\nAction: ANSWER 4471" : "Reasoning: not here.\nAction: BACK";
    }
}
