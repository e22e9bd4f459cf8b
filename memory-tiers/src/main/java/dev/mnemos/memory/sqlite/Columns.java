package dev.mnemos.memory.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.recall.ToolCall;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** How Java values sit in the embedded engine's columns: instants, JSON lists and maps, vectors. */
final class Columns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private record StoredCall(String id, String name, String arguments) {}

    private Columns() {}

    /**
     * Microseconds since the epoch (the precision PostgreSQL keeps).
     *
     * @throws InvalidContentException outside years 1..9999
     */
    static long micros(Instant at) {
        if (at.isBefore(MIN) || at.isAfter(MAX)) {
            throw new InvalidContentException("instant out of the range years 1..9999: " + at);
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    /** Microseconds of a query bound: instants beyond the storable range clamp to its ends (a bound is not stored). */
    static long bound(Instant at) {
        return micros(at.isBefore(MIN) ? MIN : at.isAfter(MAX) ? MAX : at);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String toolCalls(List<ToolCall> calls) {
        return json(calls.stream().map(c -> new StoredCall(c.id(), c.name(), c.arguments())).toList());
    }

    static List<ToolCall> toolCalls(String json) {
        return read(json, new TypeReference<List<StoredCall>>() {}).stream()
                .map(c -> new ToolCall(c.id(), c.name(), c.arguments()))
                .toList();
    }

    static List<String> strings(String json) {
        return read(json, new TypeReference<List<String>>() {});
    }

    /** Tags sorted, so that equal sets are equal text. */
    static String tags(Set<String> tags) {
        return json(new TreeSet<>(tags));
    }

    static Set<String> tags(String json) {
        return Set.copyOf(strings(json));
    }

    static Map<String, String> map(String json) {
        return read(json, new TypeReference<Map<String, String>>() {});
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getOriginalMessage(), e);
        }
    }
}
