package dev.mnemos.examples.prism;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.examples.ScriptedChatModel;
import dev.mnemos.memory.structured.PrismRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** PRISM over a 3,000-line log under the incidents schema, with a scripted LLM that reads only what each prompt shows it. */
class LogIncidentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR = Pattern.compile("\\S+ ERROR (\\w+): (.*)");
    private static final String[] SERVICES = {"gateway", "billing", "search", "auth"};

    /** Mostly INFO; billing fails 8 times (first: "card declined by bank"), search twice; one line per second. */
    private static List<String> log() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String time = String.format("%02d:%02d:%02d", i / 3600, i / 60 % 60, i % 60);
            String service = SERVICES[i % 4];
            if (i % 400 == 101) {
                lines.add(time + " ERROR billing: " + (i == 101 ? "card declined by bank" : "timeout calling bank " + i));
            } else if (i == 1502 || i == 2902) {
                lines.add(time + " ERROR search: index shard " + i + " unavailable");
            } else {
                lines.add(time + " INFO " + service + ": request " + i + " served");
            }
        }
        return lines;
    }

    /** Counts each ERROR line into the memory it is shown; answers with the service of most errors. */
    private static String reader(String prompt) {
        JsonNode memory = read(between(prompt, prompt.startsWith("You read") ? "Memory so far:\n" : "Memory:\n", "\n\n"));
        JsonNode services = memory.get("services");
        if (prompt.startsWith("Below is a structured memory")) {
            String worst = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                var service = it.next();
                if (worst == null || service.getValue().get("errors").asInt() > services.get(worst).get("errors").asInt()) {
                    worst = service.getKey();
                }
            }
            return worst + ": " + services.get(worst).get("first_error").asText();
        }
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder updates = new StringBuilder();
        for (String line : between(prompt, "\"\"\"\n", "\n\"\"\"").split("\n")) {
            Matcher error = ERROR.matcher(line);
            if (!error.matches()) {
                continue;
            }
            String service = error.group(1);
            int before = services.has(service) ? services.get(service).get("errors").asInt() : 0;
            int now = seen.merge(service, before + 1, (a, b) -> a + 1);
            if (now == 1) {
                updates.append("add /services/").append(service).append(" {\"errors\":1,\"first_error\":")
                        .append(quote(error.group(2))).append("}\n");
            } else {
                updates.append("replace /services/").append(service).append("/errors ").append(now).append('\n');
            }
        }
        return updates.isEmpty() ? "NONE" : updates.toString();
    }

    @Test
    void should_count_errors_per_service_and_answer_from_memory_when_reading_a_long_log() {
        AtomicInteger prompts = new AtomicInteger();
        var model = new ScriptedChatModel(request -> { throw new AssertionError("PRISM offers no tools"); },
                prompt -> { prompts.incrementAndGet(); return reader(prompt); });
        var incidents = new LogIncidents(model);

        PrismRun run = incidents.read(log(), 200);

        assertThat(prompts).hasValue(15);
        assertThat(run.rejected()).isEmpty();
        JsonNode services = run.memory().document().get("services");
        assertThat(services.get("billing").get("errors").asInt()).isEqualTo(8);
        assertThat(services.get("billing").get("first_error").asText()).isEqualTo("card declined by bank");
        assertThat(services.get("search").get("errors").asInt()).isEqualTo(2);
        assertThat(services.has("gateway")).isFalse();
        assertThat(incidents.answer(run.memory(), "Which service logged the most errors?")).isEqualTo("billing: card declined by bank");
    }

    @Test
    void should_refuse_an_update_that_breaks_the_schema_when_the_llm_writes_one() {
        var model = new ScriptedChatModel(request -> { throw new AssertionError("PRISM offers no tools"); },
                prompt -> "add /services/billing {\"errors\":0}");

        PrismRun run = new LogIncidents(model).read(log().subList(0, 10), 10);

        assertThat(run.applied()).isZero();
        assertThat(run.rejected()).singleElement().satisfies(r -> assertThat(r.error()).contains("breaks the schema"));
        assertThat(run.memory().document().get("services").isEmpty()).isTrue();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
