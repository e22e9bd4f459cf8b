package dev.mnemos.cli.serve.openai;

import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.openai.OpenAiBodies.Model;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ModelList;
import dev.mnemos.memory.archival.ArchivalMemory;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's {@code GET /v1/models}: the served LLM (when configured) and the embedding model. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** The embedding model's id in {@code /v1/models} and {@code /v1/embeddings}. */
    public static final String EMBEDDING_MODEL = ArchivalMemory.DEFAULT_SPACE.model();

    @Inject
    ServedMnemos served;

    @GET
    public ModelList list() {
        List<Model> models = new ArrayList<>();
        served.modelId().ifPresent(id -> models.add(new Model(id, "model", 0, "mnemos")));
        models.add(new Model(EMBEDDING_MODEL, "model", 0, "mnemos"));
        return new ModelList("list", models);
    }
}
