package dev.mnemos.memory.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mnemos.memory.InvalidContentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The typed hierarchy that a structured memory must keep to (PRISM's memory schema), as a JSON
 * Schema (draft 2020-12 unless the schema names another). The schema's top-level {@code default}
 * is the memory a run starts from; without one a run starts from {@code {}}.
 *
 * <p>Built-in schemas: {@code log}, {@code narrative}, {@code qa}; user-supplied ones come from a
 * file or a string.
 */
public final class MemorySchema {

    /** The names {@link #builtIn(String)} knows. */
    public static final List<String> BUILT_IN = List.of("log", "narrative", "qa");

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // errors name the place in the memory as the LLM writes paths: JSON Pointers, in English
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.ENGLISH).build();

    private final String name;
    private final JsonNode definition;
    private final JsonSchema compiled;

    private MemorySchema(String name, JsonNode definition) {
        this.name = name;
        this.definition = definition;
        this.compiled = FACTORY.getSchema(definition, CONFIG);
    }

    /**
     * Produces one of the {@link #BUILT_IN} schemas.
     *
     * @throws IllegalArgumentException for another name
     */
    public static MemorySchema builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in memory schema '" + name + "', there are " + BUILT_IN);
        }
        String resource = "dev/mnemos/memory/structured/schemas/" + name + ".json";
        try (InputStream in = MemorySchema.class.getClassLoader().getResourceAsStream(resource)) {
            return parse(name, new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * Reads a schema from a JSON file, named after the file without {@code .json}.
     *
     * @throws IOException when the file cannot be read
     * @throws InvalidContentException when it is not a JSON object
     */
    public static MemorySchema fromFile(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return parse(name, Files.readString(file));
    }

    /**
     * Reads a schema from JSON text.
     *
     * @throws InvalidContentException when the text is not a JSON object
     */
    public static MemorySchema parse(String name, String json) {
        Objects.requireNonNull(name, "name");
        JsonNode definition;
        try {
            definition = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("memory schema " + name + " is not JSON: " + e.getOriginalMessage());
        }
        if (definition == null || !definition.isObject()) {
            throw new InvalidContentException("memory schema " + name + " must be a JSON object");
        }
        return new MemorySchema(name, definition);
    }

    public String name() {
        return name;
    }

    /** The schema as JSON text, compact: how it is stored and shown to the LLM. */
    public String json() {
        return definition.toString();
    }

    /** The memory a run starts from: a copy of the schema's {@code default}, else {@code {}}. */
    public JsonNode initialDocument() {
        JsonNode initial = definition.get("default");
        return initial == null ? JsonNodeFactory.instance.objectNode() : initial.deepCopy();
    }

    /** Produces what is wrong with {@code document} under this schema, one line each; empty when it conforms. */
    public List<String> violations(JsonNode document) {
        return compiled.validate(document).stream()
                .sorted(Comparator.comparing(ValidationMessage::toString))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemorySchema that && name.equals(that.name) && definition.equals(that.definition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, definition);
    }

    @Override
    public String toString() {
        return "MemorySchema[" + name + "]";
    }
}
