package dev.mnemos.inference.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.mnemos.inference.chat.BuiltInTemplate;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.generation.Completion;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LangChain4j faces over stories260K (which has no chat template: the built-in Llama 2 format applies). */
class LocalChatModelTest {

    private static LocalModel model;

    @BeforeAll
    static void open() throws Exception {
        Path stories = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");
        model = LocalModel.open(stories, LocalModel.Options.defaults().withThreads(1).withContextLength(512));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatRequest request(String text, int maxTokens) {
        return ChatRequest.builder().messages(UserMessage.from(text)).maxOutputTokens(maxTokens).build();
    }

    @Test
    void should_answer_with_usage_and_the_length_finish_reason_when_max_tokens_is_reached() {
        ChatResponse response = LocalChatModel.of(model, SamplerConfig.greedy()).chat(request("Tell me a story about Lily.", 12));
        assertThat(response.aiMessage().text()).isNotBlank();
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(12);
        assertThat(response.tokenUsage().inputTokenCount()).isGreaterThan(5);
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void should_run_in_the_named_session_when_the_user_message_carries_the_hint() {
        UserMessage hinted = UserMessage.builder().addContent(TextContent.from("Hello")).attributes(Map.of(LocalChat.SESSION_ATTRIBUTE, "agent-7")).build();
        LocalChatModel.of(model, SamplerConfig.greedy()).chat(ChatRequest.builder().messages(hinted).maxOutputTokens(3).build());
        assertThat(model.hasSession("agent-7")).isTrue();
        assertThat(model.sessionTokens("agent-7")).isNotEmpty();
    }

    @Test
    void should_stream_the_same_text_it_completes_with_when_streaming() throws Exception {
        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        try (LocalStreamingChatModel streaming = LocalStreamingChatModel.of(model, SamplerConfig.greedy())) {
            streaming.chat(request("Once upon a time", 20), new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    partial.append(text);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            ChatResponse response = done.get(60, TimeUnit.SECONDS);
            assertThat(partial.toString().trim()).isEqualTo(response.aiMessage().text()).isNotEmpty();
            String blocking = LocalChatModel.of(model, SamplerConfig.greedy()).chat(request("Once upon a time", 20)).aiMessage().text();
            assertThat(response.aiMessage().text()).isEqualTo(blocking);
        }
    }

    @Test
    void should_return_tool_execution_requests_when_the_output_calls_a_tool() {
        LocalChat chat = LocalChatModel.core(model, SamplerConfig.greedy());
        String output = "Let me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
        ChatResponse response = chat.response(new Completion(new int[7], output, dev.mnemos.inference.generation.FinishReason.END_OF_GENERATION, 30, 0));
        AiMessage message = response.aiMessage();
        assertThat(message.hasToolExecutionRequests()).isTrue();
        assertThat(message.toolExecutionRequests().getFirst().name()).isEqualTo("get_weather");
        assertThat(message.toolExecutionRequests().getFirst().arguments()).contains("\"city\"", "\"Paris\"");
        assertThat(message.text()).isEqualTo("Let me look.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(7);
    }

    @Test
    void should_render_tools_and_tool_results_the_way_the_template_expects_when_tools_are_given() {
        LocalChat chat = new LocalChat(model, ChatTemplate.of(BuiltInTemplate.CHATML, "<s>", "</s>"), ChatRequestParameters.builder().build(), SamplerConfig.greedy(), "test");
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Weather of a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        var call = dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("call_0").name("get_weather").arguments("{\"city\": \"Paris\"}").build();
        String prompt = chat.prompt(List.of(
                SystemMessage.from("You are helpful."),
                UserMessage.from("Weather in Paris?"),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "sunny")), List.of(weather));
        assertThat(prompt)
                .contains("<tools>", "\"name\": \"get_weather\"", "\"city\"", "Weather of a city")
                .contains("<tool_call>", "\"Paris\"", "sunny")
                .endsWith("<|im_start|>assistant\n");
    }

    @Test
    void should_count_tokens_in_the_model_tokenizer_when_estimating() {
        var estimator = new LocalTokenCountEstimator(model.tokenizer(), ChatTemplate.fromGguf(model.model().file().metadata()));
        assertThat(estimator.estimateTokenCountInText("Once upon a time")).isEqualTo(4);
        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from("Once upon a time"))).isGreaterThan(4);
    }

    @Test
    void should_count_a_request_with_tools_exactly_as_the_model_reads_it() {
        ChatTemplate chatml = ChatTemplate.of(BuiltInTemplate.CHATML, "<s>", "</s>");
        LocalChat chat = new LocalChat(model, chatml, ChatRequestParameters.builder().build(), SamplerConfig.greedy(), "test");
        var estimator = new LocalTokenCountEstimator(model.tokenizer(), chatml);
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Weather of a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        var messages = List.<dev.langchain4j.data.message.ChatMessage>of(SystemMessage.from("You are helpful."), UserMessage.from("Weather in Paris?"));

        ChatResponse response = chat.chat(ChatRequest.builder().messages(messages).toolSpecifications(weather).maxOutputTokens(1).build(), text -> { });

        int counted = estimator.estimateTokenCountInPrompt(messages, List.of(weather));
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(counted);
        assertThat(counted - estimator.estimateTokenCountInPrompt(messages, List.of())).as("the tool's schema").isGreaterThan(20);
    }

    @Test
    void should_refuse_a_prompt_that_leaves_no_room_to_answer_with_a_typed_error() {
        String longer = "Once upon a time there was a girl named Lily. ".repeat(60);

        assertThatThrownBy(() -> LocalChatModel.of(model, SamplerConfig.greedy()).chat(request(longer, 8)))
                .isInstanceOfSatisfying(PromptTooLongException.class, e -> {
                    assertThat(e.contextTokens()).isEqualTo(512);
                    assertThat(e.promptTokens()).isGreaterThan(512);
                    assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("prompt is too long: ");
                });
    }
}
