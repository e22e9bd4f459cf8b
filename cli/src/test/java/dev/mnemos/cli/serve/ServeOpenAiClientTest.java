package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The official {@code openai} npm client against the served OpenAI-compatible routes, with stories260K as the model. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeOpenAiClientTest {

    @TestHTTPResource("/v1")
    URL v1;

    @Test
    void should_list_models_complete_stream_and_embed_when_driven_by_the_openai_npm_client() throws Exception {
        JsonNode out = new ObjectMapper().readTree(NpmClients.run("openai-client.mjs", Duration.ofMinutes(4), v1.toString(), ServeTestProfile.KEY_A));

        assertThat(out.get("models").toString()).contains("\"stories260K\"", "all-minilm-l6-v2-q");
        assertThat(out.at("/completion/text").asText()).isNotBlank();
        assertThat(out.at("/completion/finish").asText()).isIn("stop", "length");
        assertThat(out.at("/completion/usage/completion_tokens").asInt()).isBetween(1, 16);
        assertThat(out.at("/stream/deltas").asInt()).isGreaterThan(1);
        assertThat(out.at("/stream/text").asText()).isEqualTo(out.at("/completion/text").asText());
        assertThat(out.at("/stream/finish").asText()).isIn("stop", "length");
        assertThat(out.at("/embeddings/count").asInt()).isEqualTo(2);
        assertThat(out.at("/embeddings/dimensions").asInt()).isEqualTo(384);
        assertThat(out.at("/embeddings/sameAsFloat").asBoolean()).isTrue();
        assertThat(out.at("/refused/status").asInt()).isEqualTo(401);
    }
}
