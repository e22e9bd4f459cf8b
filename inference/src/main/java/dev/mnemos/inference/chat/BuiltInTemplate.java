package dev.mnemos.inference.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * The chat formats mnemos knows without a {@code tokenizer.chat_template}: a file that has none gets the one its
 * vocabulary suggests ({@link #forTokens}).
 */
public enum BuiltInTemplate {
    /** {@code <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>}; Llama 3.1 JSON tool calls. */
    LLAMA3("llama3.jinja", List.of("<|eot_id|>")),
    /** {@code <|im_start|>role\n...<|im_end|>}; Hermes/Qwen {@code <tool_call>} tool calls. */
    CHATML("chatml.jinja", List.of("<|im_end|>")),
    /** {@code [INST] ... [/INST]}. */
    LLAMA2("llama2.jinja", List.of("</s>"));

    private final String resource;
    private final List<String> stopStrings;

    BuiltInTemplate(String resource, List<String> stopStrings) {
        this.resource = resource;
        this.stopStrings = stopStrings;
    }

    /** The template's Jinja source. */
    public String source() {
        try (InputStream in = BuiltInTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text that ends an assistant turn in this format. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    /** Llama 3 when the vocabulary has its header tokens, ChatML when it has {@code <|im_start|>}, else Llama 2. */
    public static BuiltInTemplate forTokens(Predicate<String> vocabularyHas) {
        if (vocabularyHas.test("<|start_header_id|>")) {
            return LLAMA3;
        }
        return vocabularyHas.test("<|im_start|>") ? CHATML : LLAMA2;
    }
}
