package dev.mnemos.cli.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.mnemos.cli.LlmChoice;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.Device;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.langchain4j.LocalStreamingChatModel;
import dev.mnemos.inference.langchain4j.LocalTokenCountEstimator;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.kernel.KernelBuilder;
import dev.mnemos.kernel.context.ModelContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The LangChain4j models behind one {@link LlmChoice}: a blocking and a streaming face of the same
 * LLM, and its token counter when it has an exact one (the local model does; endpoints get the
 * kernel's estimate).
 *
 * @param chat the blocking face
 * @param streaming the streaming face
 * @param tokenCounter exact token counts, or null
 * @param local the local model to close, or null
 */
public record LanguageModels(ChatModel chat, StreamingChatModel streaming, TokenCountEstimator tokenCounter, LocalModel local)
        implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * Opens the models of {@code choice}; for a local model, maps the GGUF file and runs it on {@code threads} cores.
     *
     * @throws IOException when a local model file cannot be read
     */
    public static LanguageModels open(LlmChoice choice, Map<String, String> env, int threads) throws IOException {
        return open(choice, env, threads, Device.CPU);
    }

    /**
     * As above, a local model running on {@code device}: on {@link Device#CUDA}, the first CUDA device the driver
     * reports (an endpoint ignores it).
     *
     * @throws IllegalStateException when CUDA is asked for and there is no CUDA device
     */
    public static LanguageModels open(LlmChoice choice, Map<String, String> env, int threads, Device device) throws IOException {
        return switch (choice) {
            case LlmChoice.LocalModel m -> {
                CudaDevice cuda = device == Device.CUDA ? CudaDevice.probe().device()
                        .orElseThrow(() -> new IllegalStateException("no CUDA device to run " + m.file().getFileName() + " on")) : null;
                LocalModel model = LocalModel.open(m.file(), LocalModel.Options.defaults().withThreads(threads), cuda);
                SamplerConfig sampling = SamplerConfig.defaults(System.nanoTime());
                var counter = LocalTokenCountEstimator.of(model);
                yield new LanguageModels(LocalChatModel.of(model, sampling), LocalStreamingChatModel.of(model, sampling), counter, model);
            }
            case LlmChoice.OpenAiCompatible o -> {
                String key = env.getOrDefault("MNEMOS_OPENAI_API_KEY", env.getOrDefault("OPENAI_API_KEY", "none"));
                yield new LanguageModels(
                        OpenAiChatModel.builder().baseUrl(o.baseUrl()).apiKey(key).modelName(o.model()).timeout(TIMEOUT).build(),
                        OpenAiStreamingChatModel.builder().baseUrl(o.baseUrl()).apiKey(key).modelName(o.model()).timeout(TIMEOUT).build(),
                        null, null);
            }
            case LlmChoice.Ollama o -> new LanguageModels(
                    OllamaChatModel.builder().baseUrl(o.baseUrl()).modelName(o.model()).timeout(TIMEOUT).build(),
                    OllamaStreamingChatModel.builder().baseUrl(o.baseUrl()).modelName(o.model()).timeout(TIMEOUT).build(),
                    null, null);
            case LlmChoice.Anthropic a -> {
                String key = env.get("ANTHROPIC_API_KEY");
                yield new LanguageModels(
                        AnthropicChatModel.builder().apiKey(key).modelName(a.model()).timeout(TIMEOUT).build(),
                        AnthropicStreamingChatModel.builder().apiKey(key).modelName(a.model()).timeout(TIMEOUT).build(),
                        null, null);
            }
        };
    }

    /**
     * Sets this LLM on a kernel: the streaming face, and for a local model its exact token counts and its
     * context, so that every window is counted as the model renders it and fits its context.
     */
    public KernelBuilder configure(KernelBuilder builder) {
        builder.streamingChatModel(streaming);
        if (tokenCounter != null) {
            builder.tokenCountEstimator(tokenCounter);
        }
        if (local != null && tokenCounter instanceof LocalTokenCountEstimator exact) {
            builder.modelContext(new ModelContext() {
                @Override
                public int contextTokens() {
                    return local.contextLength();
                }

                @Override
                public int promptTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
                    return exact.estimateTokenCountInPrompt(messages, tools);
                }
            });
        }
        return builder;
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
    }
}
