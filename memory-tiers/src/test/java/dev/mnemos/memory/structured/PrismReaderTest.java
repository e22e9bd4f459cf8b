package dev.mnemos.memory.structured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrismReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK = "Keep the notable events of the log and count them per level.";
    private static final Pattern ENTRY = Pattern.compile("(\\d\\d:\\d\\d) (\\w+) (\\S+): (.*)");
    private static final String[] LEVELS = {"DEBUG", "INFO", "WARN", "ERROR"};

    /** Chunk i holds one log line; every tenth (5, 15, ...) has level FATAL, which the schema does not know. */
    private static List<String> chunks() {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String level = i % 10 == 5 ? "FATAL" : LEVELS[i % 4];
            String message = i == 99 ? "forget debug counts" : "event number " + i;
            chunks.add(String.format("%02d:%02d %s node-%d: %s", i / 60, i % 60, level, i % 7, message));
        }
        return chunks;
    }

    /**
     * A scripted reader that copies each log line into the memory as it is (so FATAL lines break
     * the schema), corrects a refused FATAL event as ERROR when told, and writes one malformed line
     * at chunk 51.
     */
    private static ScriptedChatModel model() {
        return new ScriptedChatModel().onPromptStarting("You read a long input one chunk at a time", prompt -> {
            ObjectNode memory = (ObjectNode) read(between(prompt, "Memory so far:\n", "\n\nUpdates of yours"));
            String feedback = between(prompt, "correct them if they still matter):\n", "\n\nChunk ");
            Matcher entry = ENTRY.matcher(between(prompt, "\"\"\"\n", "\n\"\"\"").strip());
            assertThat(entry.matches()).isTrue();
            StringBuilder updates = new StringBuilder();
            ObjectNode counts = (ObjectNode) memory.get("counts");
            Matcher refused = Pattern.compile("'add /events/- (\\{.*?\\})' breaks the schema").matcher(feedback);
            if (refused.find()) {
                updates.append("add /events/- ").append(refused.group(1).replace("FATAL", "ERROR")).append('\n');
                updates.append(count(counts, "ERROR"));
            }
            String event = String.format("{\"time\":\"%s\",\"level\":\"%s\",\"source\":\"%s\",\"message\":\"%s\"}",
                    entry.group(1), entry.group(2), entry.group(3), entry.group(4));
            updates.append("add /events/- ").append(event).append('\n');
            updates.append(count(counts, entry.group(2)));
            if (entry.group(4).equals("forget debug counts")) {
                updates.append("delete /counts/DEBUG\n");
            }
            if (prompt.contains("Chunk 51 of 100")) {
                updates.append("ad /events/- {}\n");
            }
            return updates.toString();
        });
    }

    private static String count(ObjectNode counts, String level) {
        return counts.has(level) ? "replace /counts/" + level + " " + (counts.get(level).asInt() + 1) + "\n" : "add /counts/" + level + " 1\n";
    }

    /** What the memory must hold at the end: every event, FATAL ones as ERROR right after the chunk that refused them. */
    private static JsonNode expectedMemory(List<String> chunks) {
        ObjectNode expected = JSON.createObjectNode();
        var events = expected.putArray("events");
        ObjectNode counts = expected.putObject("counts");
        String pending = null;
        for (String chunk : chunks) {
            Matcher entry = ENTRY.matcher(chunk);
            assertThat(entry.matches()).isTrue();
            if (pending != null) {
                events.add(event(ENTRY.matcher(pending), "ERROR"));
                counts.put("ERROR", counts.path("ERROR").asInt() + 1);
                pending = null;
            }
            if (entry.group(2).equals("FATAL")) {
                pending = chunk;
                continue;
            }
            events.add(event(entry, entry.group(2)));
            counts.put(entry.group(2), counts.path(entry.group(2)).asInt() + 1);
        }
        counts.remove("DEBUG");
        return expected;
    }

    private static ObjectNode event(Matcher entry, String level) {
        assertThat(entry.matches()).isTrue();
        ObjectNode event = JSON.createObjectNode();
        event.put("time", entry.group(1)).put("level", level).put("source", entry.group(3)).put("message", entry.group(4));
        return event;
    }

    @Test
    void should_apply_valid_updates_and_feed_back_refusals_when_reading_100_chunks() {
        ScriptedChatModel model = model();
        List<String> chunks = chunks();
        StructuredMemory start = StructuredMemory.fresh("log-run", MemorySchema.builtIn("log"));

        PrismRun run = new PrismReader(model, new ApproximateTokenCountEstimator()).read(start, TASK, chunks);

        assertThat(run.memory().document()).isEqualTo(expectedMemory(chunks));
        // ten FATAL events, each refused twice (the event and its count), and one malformed line
        assertThat(run.rejected()).hasSize(21);
        assertThat(run.rejected()).filteredOn(r -> r.error().contains("breaks the schema")).hasSize(20);
        assertThat(run.rejected()).filteredOn(r -> r.error().contains("is not an update")).singleElement()
                .extracting(RejectedUpdate::chunk).isEqualTo(50);
        for (RejectedUpdate rejected : run.rejected()) {
            assertThat(model.prompts().get(rejected.chunk() + 1)).contains(rejected.error());
        }
        assertThat(run.rejected().getFirst().error()).contains("/events/5/level: does not have a value in the enumeration").contains("FATAL");
        // 100 events and 100 counts, 10 corrections of each, one delete
        assertThat(run.applied()).isEqualTo(90 * 2 + 10 * 2 + 1);
        assertThat(run.memory().version()).isEqualTo(run.applied());
        assertThat(run.cost().calls()).isEqualTo(100);
        assertThat(model.prompts().get(3)).contains("Updates of yours that were refused after the previous chunk (correct them if they still matter):\n(none)");
    }

    @Test
    void should_keep_instructions_and_schema_first_when_building_each_prompt() {
        ScriptedChatModel model = model();
        StructuredMemory start = StructuredMemory.fresh("log-run", MemorySchema.builtIn("log"));
        String stable = PrismReader.stablePart(TASK, start.schema());

        new PrismReader(model, new ApproximateTokenCountEstimator()).read(start, TASK, chunks().subList(0, 10));

        assertThat(stable).contains(TASK).contains(start.schema().json());
        assertThat(model.prompts()).hasSize(10).allSatisfy(prompt -> assertThat(prompt).startsWith(stable + "\n\nMemory so far:\n"));
        assertThat(model.prompts().get(9)).contains("Chunk 10 of 10").endsWith("Updates:\n");
    }

    @Test
    void should_render_the_memory_compactly_when_it_goes_into_the_next_prompt() {
        ScriptedChatModel model = model();
        StructuredMemory start = StructuredMemory.fresh("log-run", MemorySchema.builtIn("log"));

        PrismRun run = new PrismReader(model, new ApproximateTokenCountEstimator()).read(start, TASK, chunks().subList(0, 2));

        assertThat(model.prompts().get(1)).contains("Memory so far:\n{\"events\":[{\"time\":\"00:00\",\"level\":\"DEBUG\"");
        assertThat(run.memory().render()).doesNotContain("\n").doesNotContain(": ");
    }

    @Test
    void should_answer_from_the_memory_alone_when_asked_after_a_run() {
        ScriptedChatModel model = new ScriptedChatModel()
                .onPromptStarting("Below is a structured memory", prompt -> prompt.contains("\"ERROR\":3") ? " 3 errors " : "unknown");
        StructuredMemory memory = new StructuredMemory("m", MemorySchema.builtIn("log"), read("{\"events\":[],\"counts\":{\"ERROR\":3}}"), 1);

        PrismReader.Answer answer = new PrismReader(model, new ApproximateTokenCountEstimator()).answer(memory, "How many errors?");

        assertThat(answer.text()).isEqualTo("3 errors");
        assertThat(answer.cost().calls()).isEqualTo(1);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }
}
