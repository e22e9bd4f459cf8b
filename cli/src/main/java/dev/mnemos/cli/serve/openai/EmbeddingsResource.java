package dev.mnemos.cli.serve.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.openai.OpenAiBodies.Embedding;
import dev.mnemos.cli.serve.openai.OpenAiBodies.EmbeddingList;
import dev.mnemos.cli.serve.openai.OpenAiBodies.EmbeddingRequest;
import dev.mnemos.cli.serve.openai.OpenAiBodies.EmbeddingUsage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's {@code POST /v1/embeddings} with the in-process all-MiniLM-L6-v2 (384 dimensions), the
 * model archival memory uses. The {@code openai} npm client asks for {@code base64} by default:
 * little-endian float32s.
 */
@Path("/v1/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EmbeddingsResource {

    private static final int MAX_INPUTS = 2048;

    @Inject
    ServedMnemos served;

    @POST
    public EmbeddingList embed(EmbeddingRequest body) {
        if (body == null) {
            throw new IllegalArgumentException("give {\"model\": \"" + ModelsResource.EMBEDDING_MODEL + "\", \"input\": \"...\"}");
        }
        if (body.model() != null && !body.model().equals(ModelsResource.EMBEDDING_MODEL)) {
            throw new ErrorResponses.NotFound("no embedding model '" + body.model() + "'; this server has " + ModelsResource.EMBEDDING_MODEL);
        }
        boolean base64 = "base64".equals(body.encodingFormat());
        if (body.encodingFormat() != null && !base64 && !"float".equals(body.encodingFormat())) {
            throw new IllegalArgumentException("encoding_format must be float or base64, got '" + body.encodingFormat() + "'");
        }
        List<String> inputs = inputs(body.input());
        var vectors = served.embeddings().embedAll(inputs.stream().map(TextSegment::from).toList()).content();
        List<Embedding> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i).vector();
            data.add(new Embedding("embedding", i, base64 ? base64(v) : v));
        }
        int tokens = inputs.stream().mapToInt(s -> s.split("\\s+").length).sum();
        return new EmbeddingList("list", data, ModelsResource.EMBEDDING_MODEL, new EmbeddingUsage(tokens, tokens));
    }

    private static List<String> inputs(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (JsonNode n : input) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("input must be a string or an array of strings (token arrays are not served)");
                }
                texts.add(n.asText());
            }
        }
        if (texts.isEmpty() || texts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("input must be a non-empty string or a non-empty array of non-empty strings");
        }
        if (texts.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("at most " + MAX_INPUTS + " inputs per request, got " + texts.size());
        }
        return texts;
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            bytes.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
