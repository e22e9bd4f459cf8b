package dev.mnemos.cli.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which organisation each API key belongs to, from {@code MNEMOS_API_KEYS=key1:orgA,key2:orgB}.
 * With no keys configured the server is open, and every caller is the organisation {@link #OPEN}.
 */
public record ApiKeys(Map<String, String> organizations) {

    /** The organisation of every caller when no keys are configured. */
    public static final String OPEN = "default";

    public ApiKeys {
        organizations = Map.copyOf(organizations);
    }

    /**
     * @throws IllegalArgumentException for an entry without {@code key:organisation}
     */
    public static ApiKeys parse(String spec) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (spec != null) {
            for (String entry : spec.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    throw new IllegalArgumentException("MNEMOS_API_KEYS entries are key:organisation, got an entry of " + entry.length() + " characters without one");
                }
                keys.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
            }
        }
        return new ApiKeys(keys);
    }

    public boolean open() {
        return organizations.isEmpty();
    }

    /** The organisation of an {@code Authorization} header's bearer key; empty when the key is missing or unknown. */
    public Optional<String> organizationOf(String authorization) {
        if (open()) {
            return Optional.of(OPEN);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(organizations.get(authorization.substring(7).trim()));
    }
}
