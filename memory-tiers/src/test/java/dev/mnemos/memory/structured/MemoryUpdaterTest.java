package dev.mnemos.memory.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class MemoryUpdaterTest {

    private final MemoryUpdater updater = new MemoryUpdater();
    private final StructuredMemory fresh = StructuredMemory.fresh("story", MemorySchema.builtIn("narrative"));

    private StructuredMemory apply(StructuredMemory memory, String script) {
        UpdateScript parsed = UpdateScript.parse(script);
        assertThat(parsed.errors()).isEmpty();
        return updater.applyAll(memory, parsed.updates());
    }

    @Test
    void should_append_insert_replace_and_delete_when_paths_exist() {
        StructuredMemory memory = apply(fresh, """
                add /characters/- {"name": "Ishmael", "description": "the narrator"}
                add /characters/0 {"name": "Ahab"}
                replace /characters/1/description "a sailor who tells the story"
                add /facts/- "the ship is the Pequod"
                add /facts/- "the whale is white"
                delete /facts/0
                """);

        assertThat(memory.render()).isEqualTo(
                "{\"characters\":[{\"name\":\"Ahab\"},{\"name\":\"Ishmael\",\"description\":\"a sailor who tells the story\"}],"
                        + "\"places\":[],\"events\":[],\"facts\":[\"the whale is white\"]}");
        assertThat(memory.version()).isEqualTo(6);
        assertThat(fresh.version()).isZero();
        assertThat(fresh.render()).isEqualTo("{\"characters\":[],\"places\":[],\"events\":[],\"facts\":[]}");
    }

    @Test
    void should_refuse_an_update_when_the_result_breaks_the_schema() {
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.ADD, "/characters/-", TextNode.valueOf("Ahab"))))
                .isInstanceOf(MemoryUpdateException.class)
                .hasMessageContaining("breaks the schema")
                .hasMessageContaining("/characters/0")
                .hasMessageContaining("object");
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.ADD, "/ships", TextNode.valueOf("Pequod"))))
                .isInstanceOf(MemoryUpdateException.class)
                .hasMessageContaining("ships");
    }

    @Test
    void should_refuse_replace_and_delete_when_nothing_is_there() {
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.REPLACE, "/facts/0", TextNode.valueOf("x"))))
                .isInstanceOf(MemoryUpdateException.class)
                .hasMessageContaining("'0' is not an index of that array");
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.DELETE, "/moods", null)))
                .isInstanceOf(MemoryUpdateException.class)
                .hasMessageContaining("nothing at /moods to delete");
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.ADD, "/nowhere/deep", IntNode.valueOf(1))))
                .isInstanceOf(MemoryUpdateException.class)
                .hasMessageContaining("is not an object or array");
        assertThatThrownBy(() -> updater.apply(fresh, new MemoryUpdate(MemoryUpdate.Op.DELETE, "", null)))
                .isInstanceOf(MemoryUpdateException.class);
    }

    @Test
    void should_replace_the_whole_document_when_path_is_empty_and_result_conforms() {
        StructuredMemory memory = apply(fresh, "replace \"\" {\"characters\":[],\"places\":[],\"events\":[\"it began\"],\"facts\":[]}");

        assertThat(memory.document().path("events").get(0).asText()).isEqualTo("it began");
    }
}
