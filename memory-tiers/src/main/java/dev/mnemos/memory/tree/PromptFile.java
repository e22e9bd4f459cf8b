package dev.mnemos.memory.tree;

import dev.langchain4j.model.input.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt kept as a resource file next to the code that uses it, with {@code {{name}}}
 * placeholders (LangChain4j's {@link PromptTemplate} syntax). Prompts live in files so that they can
 * be read and changed without touching code.
 */
public final class PromptFile {

    private final String resource;
    private final PromptTemplate template;

    private PromptFile(String resource, String text) {
        this.resource = resource;
        this.template = PromptTemplate.from(text);
    }

    /**
     * Loads the resource {@code name} beside {@code owner}'s package, e.g. {@code navigate.txt}.
     *
     * @throws IllegalStateException when the resource is missing (a packaging error)
     */
    public static PromptFile load(Class<?> owner, String name) {
        String resource = owner.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt resource missing: " + resource);
            }
            return new PromptFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + resource, e);
        }
    }

    /** The raw text, placeholders unfilled. */
    public String text() {
        return template.template();
    }

    /**
     * Produces the prompt with every placeholder filled.
     *
     * @throws IllegalArgumentException when a value is missing or null
     */
    public String fill(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        return template.apply(new HashMap<String, Object>(values)).text();
    }

    @Override
    public String toString() {
        return resource;
    }
}
