package dev.mnemos.inference.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.mnemos.inference.gguf.GgufArray;
import dev.mnemos.inference.gguf.GgufMetadata;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;

/**
 * A model's chat template: turns messages (and tools) into the prompt text the model was trained on. Renders the
 * Jinja source of {@code tokenizer.chat_template} with Jinjava, configured as Hugging Face renders templates
 * ({@code trim_blocks}, {@code lstrip_blocks}, {@code tojson} as Python writes JSON, {@code items}, {@code raise_exception},
 * {@code strftime_now}, Python string and dict methods), or a {@link BuiltInTemplate} when the file has none. Thread-safe.
 *
 * <p>The prompt holds special tokens as text ({@code <|im_start|>}, and {@code bos_token} where the template writes
 * it): encode it with {@code parseSpecial}, and without {@code addSpecial}, so that BOS is not added twice.
 *
 * <pre>{@code
 * ChatTemplate template = ChatTemplate.fromGguf(model.metadata());
 * String prompt = template.render(List.of(ChatMessage.user("Hi")), List.of(), true);
 * int[] ids = tokenizer.encode(prompt, false, true);
 * }</pre>
 */
public final class ChatTemplate {

    private static final String TEMPLATE_KEY = "tokenizer.chat_template";
    private static final ObjectMapper JSON = PythonFilters.JSON;
    private static final Jinjava JINJAVA = jinjava();

    private final String source;
    private final String rewritten;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = Objects.requireNonNull(source, "source");
        this.rewritten = TemplateRewriter.rewrite(source);
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
    }

    /** A template from Jinja source, with the texts that {@code bos_token} and {@code eos_token} stand for. */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(source, bosToken, eosToken);
    }

    public static ChatTemplate of(BuiltInTemplate builtIn, String bosToken, String eosToken) {
        return new ChatTemplate(builtIn.source(), bosToken, eosToken);
    }

    /**
     * The template of a GGUF file: {@code tokenizer.chat_template}, or the built-in one its vocabulary suggests.
     * {@code bos_token} and {@code eos_token} are the texts of the file's BOS and EOS tokens.
     */
    public static ChatTemplate fromGguf(GgufMetadata metadata) {
        GgufArray tokens = metadata.findArray("tokenizer.ggml.tokens").orElse(null);
        String bos = tokenText(metadata, tokens, "tokenizer.ggml.bos_token_id");
        String eos = tokenText(metadata, tokens, "tokenizer.ggml.eos_token_id");
        var source = metadata.findString(TEMPLATE_KEY);
        if (source.isPresent()) {
            return new ChatTemplate(source.get(), bos, eos);
        }
        Set<String> texts = new HashSet<>();
        if (tokens != null) {
            for (int i = 0; i < tokens.size(); i++) {
                texts.add(tokens.stringAt(i));
            }
        }
        return of(BuiltInTemplate.forTokens(texts::contains), bos, eos);
    }

    private static String tokenText(GgufMetadata metadata, GgufArray tokens, String key) {
        long id = metadata.findLong(key).orElse(-1);
        return tokens != null && id >= 0 && id < tokens.size() ? tokens.stringAt((int) id) : "";
    }

    /** The Jinja source as given. */
    public String source() {
        return source;
    }

    /** {@code render(messages, tools, addGenerationPrompt, Map.of())}. */
    public String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
        return render(messages, tools, addGenerationPrompt, Map.of());
    }

    /**
     * The prompt for {@code messages}.
     *
     * @param tools               rendered only when not empty, as {@code tools} (templates test {@code if tools})
     * @param addGenerationPrompt end with the header of an assistant turn, for the model to write it
     * @param variables           more template variables, e.g. {@code enable_thinking} for Qwen 3
     * @throws ChatTemplateException if the template fails, or calls {@code raise_exception}
     */
    public String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt,
            Map<String, Object> variables) {
        Map<String, Object> context = new HashMap<>(variables);
        context.put("messages", messages.stream().map(ChatTemplate::asTemplateValue).toList());
        if (!tools.isEmpty()) {
            context.put("tools", tools.stream().map(ChatTemplate::asTemplateValue).toList());
        }
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = JINJAVA.renderForResult(rewritten, context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof ChatTemplateException raised) {
                        throw raised; // the template's own raise_exception, under Jinjava's wrappers
                    }
                }
                throw new ChatTemplateException("chat template failed at line " + error.getLineno() + ": "
                        + error.getMessage(), error.getException());
            }
        }
        return result.getOutput();
    }

    private static Map<String, Object> asTemplateValue(ChatMessage message) {
        var value = new LinkedHashMap<String, Object>();
        value.put("role", message.role());
        value.put("content", message.content());
        if (!message.toolCalls().isEmpty()) {
            var calls = new ArrayList<Map<String, Object>>();
            for (ToolCall call : message.toolCalls()) {
                var function = new LinkedHashMap<String, Object>();
                function.put("name", call.name());
                function.put("arguments", parseJson(call.arguments()));
                var entry = new LinkedHashMap<String, Object>();
                if (call.id() != null) {
                    entry.put("id", call.id());
                }
                entry.put("type", "function");
                entry.put("function", function);
                calls.add(entry);
            }
            value.put("tool_calls", calls);
        }
        if (message.toolCallId() != null) {
            value.put("tool_call_id", message.toolCallId());
        }
        return value;
    }

    private static Map<String, Object> asTemplateValue(ToolDefinition tool) {
        var function = new LinkedHashMap<String, Object>();
        function.put("name", tool.name());
        function.put("description", tool.description());
        function.put("parameters", parseJson(tool.parameters()));
        var value = new LinkedHashMap<String, Object>();
        value.put("type", "function");
        value.put("function", function);
        return value;
    }

    /** JSON text as maps and lists in document order; text that is not JSON stays a string. */
    static Object parseJson(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** Called by templates as {@code raise_exception('...')}. */
    public static String raiseException(String message) {
        throw new ChatTemplateException("the chat template refused the conversation: " + message);
    }

    /** Called by templates (Llama 3.1) as {@code strftime_now('%d %b %Y')}: today, in Python's strftime format. */
    public static String strftimeNow(String format) {
        var pattern = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                pattern.append(c == '\'' ? "''" : "'" + c + "'");
                continue;
            }
            pattern.append(switch (format.charAt(++i)) {
                case 'd' -> "dd";
                case 'm' -> "MM";
                case 'y' -> "yy";
                case 'Y' -> "yyyy";
                case 'b' -> "MMM";
                case 'B' -> "MMMM";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                default -> "'%" + format.charAt(i) + "'";
            });
        }
        return LocalDate.now().format(DateTimeFormatter.ofPattern(pattern.toString(), Locale.ENGLISH));
    }

    private static Jinjava jinjava() {
        var resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        var config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false) // Jinjava strips before any block, Jinja2 only at line starts: TemplateRewriter
                .withElResolver(resolver)
                .withObjectMapper(JSON)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        var jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        PythonFilters.all().forEach(jinjava.getGlobalContext()::registerFilter);
        return jinjava;
    }
}
