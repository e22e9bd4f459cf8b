package dev.mnemos.kernel.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.MemoryException;

/** Keeps an {@link AgentConfig} as the JSON of the agent record's {@code config}; keys it does not know are left to other modules. */
final class AgentConfigCodec {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AgentConfigCodec() {}

    static String write(AgentConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an agent configuration must write as JSON", e);
        }
    }

    /** Reads a stored configuration; an empty object reads as {@link AgentConfig#DEFAULT}. */
    static AgentConfig read(String json) {
        if (json == null || json.isBlank() || json.strip().equals("{}")) {
            return AgentConfig.DEFAULT;
        }
        try {
            return JSON.readValue(json, AgentConfig.class);
        } catch (JsonProcessingException e) {
            throw new MemoryException("the agent's configuration is not one the kernel can read: " + e.getOriginalMessage(), e);
        }
    }
}
