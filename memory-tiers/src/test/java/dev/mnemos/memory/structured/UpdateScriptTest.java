package dev.mnemos.memory.structured;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateScriptTest {

    @Test
    void should_read_one_update_per_line_when_reply_follows_the_language() {
        UpdateScript script = UpdateScript.parse("""
                ```
                add /events/- {"level": "INFO", "message": "up"}
                REPLACE /counts/INFO 2
                delete /facts/3
                ```
                """);

        assertThat(script.errors()).isEmpty();
        assertThat(script.updates()).extracting(MemoryUpdate::line).containsExactly(
                "add /events/- {\"level\":\"INFO\",\"message\":\"up\"}", "replace /counts/INFO 2", "delete /facts/3");
    }

    @Test
    void should_report_each_bad_line_and_keep_the_good_ones_when_reply_is_mixed() {
        UpdateScript script = UpdateScript.parse("""
                Here are my updates:
                add /facts/- the whale is white
                add /facts/- "the whale is white"
                delete /facts/0 "x"
                replace /answer
                """);

        assertThat(script.updates()).extracting(MemoryUpdate::line).containsExactly("add /facts/- \"the whale is white\"");
        assertThat(script.errors()).hasSize(4);
        assertThat(script.errors().get(0)).startsWith("line 1 'Here are my updates:' is not an update");
        assertThat(script.errors().get(1)).contains("not JSON (strings need double quotes)");
        assertThat(script.errors().get(2)).contains("delete takes only a path");
        assertThat(script.errors().get(3)).contains("replace needs a JSON value");
    }

    @Test
    void should_read_no_update_when_reply_is_none() {
        assertThat(UpdateScript.parse("NONE").updates()).isEmpty();
        assertThat(UpdateScript.parse("NONE").errors()).isEmpty();
        assertThat(UpdateScript.parse("").updates()).isEmpty();
    }
}
