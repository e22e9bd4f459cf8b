package dev.mnemos.kernel.syscall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The arguments of one call, parsed and already checked against the syscall's schema: a required
 * parameter is there and every parameter has its declared type.
 */
public record SyscallArguments(ObjectNode json) {

    public SyscallArguments {
        Objects.requireNonNull(json, "json");
    }

    /** A string parameter the schema requires. */
    public String string(String name) {
        return json.get(name).asText();
    }

    /** A string parameter that may be missing (or null). */
    public Optional<String> optionalString(String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** An integer parameter, or {@code fallback} when missing. */
    public long integer(String name, long fallback) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? fallback : value.asLong();
    }

    /** A boolean parameter, or {@code fallback} when missing. */
    public boolean bool(String name, boolean fallback) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? fallback : value.asBoolean();
    }

    /** An array-of-strings parameter, empty when missing. */
    public List<String> strings(String name) {
        JsonNode value = json.get(name);
        List<String> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
