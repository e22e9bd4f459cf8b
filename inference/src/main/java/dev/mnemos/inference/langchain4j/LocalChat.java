package dev.mnemos.inference.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.mnemos.inference.chat.AssistantReply;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.chat.ToolCall;
import dev.mnemos.inference.chat.ToolCallParser;
import dev.mnemos.inference.generation.Completion;
import dev.mnemos.inference.generation.GenerationRequest;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The core both LangChain4j faces share: a {@link ChatRequest} rendered with the model's chat template
 * (tools included), generated in a KV session, and the output parsed back into text and tool calls.
 *
 * <p>The session is the one named by the {@value #SESSION_ATTRIBUTE} attribute of the first user message
 * that has one; without it, the session that already holds the longest prefix of the prompt.
 */
final class LocalChat {

    /** A {@code UserMessage} attribute naming the KV session (one per agent): a hint that needs no import. */
    static final String SESSION_ATTRIBUTE = "mnemos.session";
    /** Prefix length below which a hint-less request starts a session of its own. */
    private static final int MINIMUM_REUSE = 16;

    private final LocalModel model;
    private final PromptRender render;
    private final ChatRequestParameters defaults;
    private final SamplerConfig sampling;
    private final String modelName;

    LocalChat(LocalModel model, ChatTemplate template, ChatRequestParameters defaults, SamplerConfig sampling, String modelName) {
        this.model = model;
        this.render = new PromptRender(template, model.tokenizer());
        this.defaults = defaults;
        this.sampling = sampling;
        this.modelName = modelName;
    }

    ChatRequestParameters defaults() {
        return defaults;
    }

    LocalModel model() {
        return model;
    }

    /** Runs the request, passing generated text to {@code onText} as it becomes final. */
    ChatResponse chat(ChatRequest request, Consumer<String> onText) {
        ChatRequestParameters parameters = request.parameters();
        int[] ids = render.ids(render.text(request.messages(), parameters.toolSpecifications()));
        if (ids.length >= model.contextLength()) {
            throw new PromptTooLongException(ids.length, model.contextLength());
        }
        int maxTokens = parameters.maxOutputTokens() != null
                ? parameters.maxOutputTokens()
                : Math.max(1, model.contextLength() - ids.length);
        List<String> stops = parameters.stopSequences() == null ? List.of() : parameters.stopSequences();
        String session = sessionHint(request.messages());
        GenerationRequest generation = new GenerationRequest(
                session == null ? GenerationRequest.DEFAULT_SESSION : session, ids, sampling(parameters), maxTokens, stops);
        Completion completion = session == null
                ? model.generateInBestSession(generation, MINIMUM_REUSE, onText)
                : model.generate(generation, onText);
        return response(completion);
    }

    /** The prompt text of a conversation, with the generation prompt of an assistant turn at the end. */
    String prompt(List<dev.langchain4j.data.message.ChatMessage> messages, List<ToolSpecification> tools) {
        return render.text(messages, tools);
    }

    private SamplerConfig sampling(ChatRequestParameters parameters) {
        SamplerConfig config = sampling;
        if (parameters.temperature() != null) {
            config = config.withTemperature(parameters.temperature().floatValue());
        }
        if (parameters.topK() != null) {
            config = config.withTopK(parameters.topK());
        }
        if (parameters.topP() != null) {
            config = config.withTopP(parameters.topP().floatValue());
        }
        if (parameters.frequencyPenalty() != null || parameters.presencePenalty() != null) {
            config = config.withPenalties(
                    config.repeatPenalty(),
                    parameters.frequencyPenalty() != null ? parameters.frequencyPenalty().floatValue() : config.frequencyPenalty(),
                    parameters.presencePenalty() != null ? parameters.presencePenalty().floatValue() : config.presencePenalty());
        }
        return config;
    }

    /** The model's output as LangChain4j sees it: text, tool calls parsed from it, usage, finish reason. */
    ChatResponse response(Completion completion) {
        AssistantReply reply = ToolCallParser.parse(completion.text());
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (ToolCall call : reply.toolCalls()) {
            calls.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments()).build());
        }
        AiMessage message = calls.isEmpty()
                ? AiMessage.from(reply.content())
                : AiMessage.builder().text(reply.content().isEmpty() ? null : reply.content()).toolExecutionRequests(calls).build();
        FinishReason finish = !calls.isEmpty()
                ? FinishReason.TOOL_EXECUTION
                : switch (completion.finishReason()) {
                    case LENGTH, CONTEXT_FULL -> FinishReason.LENGTH;
                    case END_OF_GENERATION, STOP_STRING -> FinishReason.STOP;
                };
        return ChatResponse.builder()
                .aiMessage(message)
                .modelName(modelName)
                .tokenUsage(new TokenUsage(completion.promptTokens(), completion.tokens().length))
                .finishReason(finish)
                .build();
    }

    private static String sessionHint(List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var message : messages) {
            if (message instanceof UserMessage user && user.attributes() != null && user.attributes().get(SESSION_ATTRIBUTE) instanceof String id) {
                return id;
            }
        }
        return null;
    }
}
