package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Letta's own TypeScript client ({@code @letta-ai/letta-client} from npm) against the Letta-compatible routes. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeLettaClientTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void should_manage_agents_blocks_passages_and_messages_when_driven_by_the_letta_npm_client() throws Exception {
        String base = root.toString().replaceFirst("/$", "");
        JsonNode out = new ObjectMapper().readTree(NpmClients.run("letta-client.mjs", Duration.ofMinutes(4), base, ServeTestProfile.KEY_A, ServeTestProfile.KEY_B));

        assertThat(out.at("/agent/id").asText()).startsWith("agent-");
        assertThat(out.at("/agent/listed").asBoolean()).isTrue();
        assertThat(out.at("/agent/retrieved").asText()).isEqualTo("letta-test");
        assertThat(strings(out.at("/agent/blocks"))).containsExactly("human", "persona", "project");
        assertThat(strings(out.at("/blocks/labels"))).containsExactly("human", "persona", "project");
        assertThat(out.at("/blocks/human").asText()).isEqualTo("The human is called Ada.");
        assertThat(out.at("/blocks/updated").asText()).isEqualTo("The human is called Ada Lovelace.");
        assertThat(out.at("/passages/inserted").asInt()).isEqualTo(1);
        assertThat(out.at("/passages/found").asText()).isEqualTo("The cat sleeps on the warm windowsill.");
        assertThat(strings(out.at("/passages/listed"))).containsExactly("Quarterly revenue grew by twelve percent.");
        assertThat(strings(out.at("/response/types"))).contains("assistant_message");
        assertThat(out.at("/response/stop").asText()).isEqualTo("end_turn");
        assertThat(out.at("/response/steps").asInt()).isPositive();
        assertThat(out.at("/response/text").asText()).isNotBlank();
        List<String> streamed = strings(out.at("/streamed"));
        assertThat(streamed).contains("assistant_message");
        assertThat(streamed.subList(streamed.size() - 2, streamed.size())).containsExactly("stop_reason", "usage_statistics");
        assertThat(strings(out.at("/history"))).startsWith("user_message").contains("assistant_message");

        List<String> all = strings(out.at("/pages/all"));
        assertThat(all).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(strings(out.at("/pages/paged"))).as("every page of one, followed by the client's own cursors").isEqualTo(all);
        assertThat(strings(out.at("/pages/newestFirst"))).isEqualTo(all.reversed());
        assertThat(strings(out.at("/pages/second"))).containsExactly(all.get(1));
        assertThat(strings(out.at("/pages/backToFirst"))).containsExactly(all.getFirst());
        assertThat(strings(out.at("/pages/olderThanNewest"))).containsExactly(all.get(all.size() - 2));

        assertThat(out.at("/updated/name").asText()).isEqualTo("letta-renamed");
        assertThat(out.at("/updated/reread").asText()).isEqualTo("letta-renamed");
        assertThat(out.at("/updated/system").asText()).isEqualTo("You are a terse test agent.");
        List<String> tools = new ArrayList<>();
        out.at("/tools").forEach(t -> tools.add(t.path("name").asText()));
        assertThat(tools).contains("send_message", "core_memory_append", "archival_memory_search");
        out.at("/tools").forEach(t -> assertThat(t.path("type").asText()).isEqualTo("letta_core"));
        assertThat(strings(out.at("/tools/0/parameters"))).contains("request_heartbeat");

        assertThat(strings(out.at("/orgTools/names"))).contains("send_message", "archival_memory_search").doesNotHaveDuplicates();
        assertThat(out.at("/orgTools/send").asText()).isEqualTo("send_message");
        assertThat(out.at("/orgTools/unknown").asInt()).isEqualTo(404);
        assertThat(out.at("/orgTools/detachedFrom").asText()).isEqualTo(out.at("/agent/id").asText());
        assertThat(strings(out.at("/orgTools/withoutIt"))).contains("send_message").doesNotContain("archival_memory_search");
        assertThat(strings(out.at("/orgTools/withIt"))).contains("send_message", "archival_memory_search");
        assertThat(strings(out.at("/otid/first"))).contains("assistant_message");
        assertThat(out.at("/otid/firstStop").asText()).isEqualTo("end_turn");
        assertThat(strings(out.at("/otid/again"))).as("the retry runs no step").isEmpty();
        assertThat(out.at("/otid/againStop").asText()).isEqualTo("end_turn");
        assertThat(out.at("/otid/userMessages").asInt()).as("stored once").isEqualTo(1);
        assertThat(strings(out.at("/passageDelete/left"))).containsExactly("Quarterly revenue grew by twelve percent.");
        assertThat(out.at("/passageDelete/again").asInt()).isEqualTo(404);
        assertThat(out.at("/otherOrg").asInt()).isEqualTo(404);
        assertThat(out.at("/noKey").asInt()).isEqualTo(401);
        assertThat(out.at("/deleted").asInt()).isEqualTo(404);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
