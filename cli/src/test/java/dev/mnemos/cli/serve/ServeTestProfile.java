package dev.mnemos.cli.serve;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One served mnemos for every serve test: two organisations with a key each, a fresh embedded store,
 * the smallest real model ({@code stories260K.gguf}) as the LLM, and stdio MCP servers allowed.
 */
public class ServeTestProfile implements QuarkusTestProfile {

    static final String KEY_A = "key-a";
    static final String KEY_B = "key-b";
    static final String BEARER_A = "Bearer " + KEY_A;
    static final String BEARER_B = "Bearer " + KEY_B;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path data = Files.createTempDirectory("mnemos-serve-test");
            return Map.of(
                    "mnemos.api-keys", KEY_A + ":org-a," + KEY_B + ":org-b",
                    "mnemos.serve.data-dir", data.toString(),
                    "mnemos.serve.model", model().toString(),
                    "mnemos.serve.max-body-bytes", "65536",
                    "mnemos.serve.threads", "1",
                    "mnemos.serve.mcp-stdio", "true",
                    "quarkus.http.test-timeout", "180s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path model() {
        return Path.of(System.getProperty("mnemos.shared.models", "../shared/models")).resolve("stories260K.gguf");
    }
}
