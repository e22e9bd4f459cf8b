package dev.mnemos.agents.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mnemos.memory.InvalidContentException;

/**
 * Writes and reads {@link AgentFile}s as JSON. The text is deterministic: the same agent gives the
 * same bytes (fields in a fixed order, map keys sorted, two-space indentation, a final newline), so
 * that an exported, imported and again exported agent can be compared byte for byte.
 */
public final class AgentFiles {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AgentFiles() {}

    /** The file's JSON text. */
    public static String write(AgentFile file) {
        try {
            return JSON.writeValueAsString(file) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write agent file: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a mnemos agent file.
     *
     * @throws InvalidContentException when the text is not JSON, has no {@code "mnemos_agent_file"}
     *     (a Letta {@code .af} file is named as such), or is of a version this build does not read
     */
    public static AgentFile read(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("an agent file must be JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidContentException("an agent file must be a JSON object");
        }
        JsonNode version = tree.get("mnemos_agent_file");
        if (version == null) {
            throw new InvalidContentException(tree.has("agents")
                    ? "this is a Letta agent file (.af): read it with LettaAgentFile.read"
                    : "not a mnemos agent file: there is no \"mnemos_agent_file\" version");
        }
        if (!version.canConvertToInt() || version.asInt() != AgentFile.VERSION) {
            throw new InvalidContentException("mnemos agent file version " + version + " is not readable here; this build reads version " + AgentFile.VERSION);
        }
        try {
            return JSON.treeToValue(tree, AgentFile.class);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("malformed mnemos agent file: " + e.getOriginalMessage());
        }
    }
}
