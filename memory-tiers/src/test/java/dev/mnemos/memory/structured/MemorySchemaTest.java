package dev.mnemos.memory.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.InvalidContentException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemorySchemaTest {

    @Test
    void should_start_from_a_conforming_default_when_schema_is_built_in() {
        for (String name : MemorySchema.BUILT_IN) {
            MemorySchema schema = MemorySchema.builtIn(name);

            assertThat(schema.violations(schema.initialDocument())).as(name).isEmpty();
            assertThat(StructuredMemory.fresh("m", schema).version()).isZero();
        }
    }

    @Test
    void should_load_a_user_schema_when_given_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recipes.json");
        Files.writeString(file, """
                {"type": "object", "properties": {"dishes": {"type": "array", "items": {"type": "string"}}},
                 "required": ["dishes"], "additionalProperties": false, "default": {"dishes": []}}
                """);

        MemorySchema schema = MemorySchema.fromFile(file);

        assertThat(schema.name()).isEqualTo("recipes");
        assertThat(schema.violations(MemorySchema.JSON.readTree("{\"dishes\":[\"soup\"]}"))).isEmpty();
        assertThat(schema.violations(MemorySchema.JSON.readTree("{\"dishes\":[1]}"))).singleElement().asString().contains("/dishes/0");
    }

    @Test
    void should_refuse_a_schema_when_it_is_not_a_json_object() {
        assertThatThrownBy(() -> MemorySchema.parse("bad", "[1, 2")).isInstanceOf(InvalidContentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MemorySchema.parse("bad", "[1, 2]")).isInstanceOf(InvalidContentException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> MemorySchema.builtIn("poem")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[log, narrative, qa]");
    }
}
