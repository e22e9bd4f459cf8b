package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeApiTest {

    static void createAgent(String bearer, String id) {
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Ada", "human", "Ada likes tea"))
                .when().post("/api/agents")
                .then().statusCode(201).body("id", equalTo(id)).body("type", equalTo("chat"));
    }

    @Test
    void should_create_list_get_and_delete_an_agent() {
        createAgent(BEARER_A, "crud");
        given().header("Authorization", BEARER_A).when().get("/api/agents").then().statusCode(200).body("id", hasItem("crud"));
        given().header("Authorization", BEARER_A).when().get("/api/agents/crud").then().statusCode(200).body("name", equalTo("Ada"));
        given().header("Authorization", BEARER_A).when().delete("/api/agents/crud").then().statusCode(204);
        given().header("Authorization", BEARER_A).when().get("/api/agents/crud").then().statusCode(404);
        given().header("Authorization", BEARER_A).when().get("/api/agents").then().body("id", not(hasItem("crud")));
    }

    @Test
    void should_read_and_edit_core_memory_blocks() {
        createAgent(BEARER_A, "blocks");
        given().header("Authorization", BEARER_A).when().get("/api/agents/blocks/blocks")
                .then().statusCode(200).body("label", hasItem("persona")).body("label", hasItem("human"));
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("append", "Ada lives in Lyon"))
                .when().patch("/api/agents/blocks/blocks/human")
                .then().statusCode(200).body("value", equalTo("Ada likes tea\nAda lives in Lyon")).body("version", equalTo(2));
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("oldText", "tea", "newText", "coffee"))
                .when().patch("/api/agents/blocks/blocks/human")
                .then().statusCode(200).body("value", equalTo("Ada likes coffee\nAda lives in Lyon"));
        given().header("Authorization", BEARER_A).when().get("/api/agents/blocks/blocks/human")
                .then().statusCode(200).body("value", containsString("coffee"));
    }

    @Test
    void should_send_a_message_and_return_its_steps_then_find_it_in_recall() {
        createAgent(BEARER_A, "talker");
        var sent = given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("text", "Hello, I am Ada"))
                .when().post("/api/agents/talker/messages")
                .then().statusCode(200).body("status", equalTo("answered")).extract().jsonPath();
        List<String> types = sent.getList("steps.type");
        assertThat(types).startsWith("started").contains("token_delta", "assistant_message").endsWith("committed");
        assertThat(sent.getList("messages", String.class)).hasSize(1);
        given().header("Authorization", BEARER_A).queryParam("q", "Ada").when().get("/api/agents/talker/recall")
                .then().statusCode(200).body("messages.content", hasItem("Hello, I am Ada"));
    }

    @Test
    void should_stream_token_deltas_and_step_events_as_server_sent_events() {
        createAgent(BEARER_A, "streamer");
        String body = given().header("Authorization", BEARER_A).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("text", "Tell me a story"))
                .when().post("/api/agents/streamer/messages/stream")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        List<String> data = body.lines().filter(l -> l.startsWith("data:")).toList();
        assertThat(data.getFirst()).contains("\"type\":\"started\"");
        assertThat(data).anyMatch(l -> l.contains("\"type\":\"token_delta\""));
        assertThat(data.getLast()).contains("\"type\":\"committed\"");
    }

    @Test
    void should_end_the_stream_with_a_failed_event_when_a_message_does_not_fit_the_models_context() {
        createAgent(BEARER_A, "overflow");
        String tooLong = "Once upon a time there was a little girl named Lily who liked to play in the park. ".repeat(60);

        String body = given().header("Authorization", BEARER_A).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("text", tooLong))
                .when().post("/api/agents/overflow/messages/stream")
                .then().statusCode(200).extract().asString();
        String letta = given().header("Authorization", BEARER_A).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", tooLong))))
                .when().post("/v1/agents/overflow/messages/stream")
                .then().statusCode(200).extract().asString();

        List<String> data = body.lines().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).noneMatch(l -> l.contains("\"retrying\":true"));
        assertThat(data.getLast()).contains("\"type\":\"failed\"", "\"retrying\":false", "prompt is too long");
        assertThat(letta).contains("\"stop_reason\":\"error\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_insert_passages_and_find_them_by_meaning() {
        createAgent(BEARER_A, "archivist");
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON)
                .body(Map.of("texts", List.of("The cat sleeps on the warm windowsill.", "Quarterly revenue grew by twelve percent."), "tags", List.of("notes")))
                .when().post("/api/agents/archivist/archival")
                .then().statusCode(201).body("size()", equalTo(2));
        given().header("Authorization", BEARER_A).queryParam("q", "where does the kitten nap").queryParam("limit", 1)
                .when().get("/api/agents/archivist/archival")
                .then().statusCode(200).body("[0].text", equalTo("The cat sleeps on the warm windowsill."));
    }

    @Test
    void should_export_an_agent_file_and_import_it_as_a_new_agent() {
        createAgent(BEARER_A, "original");
        String file = given().header("Authorization", BEARER_A).when().get("/api/agents/original/export")
                .then().statusCode(200).body(containsString("mnemos_agent_file")).extract().asString();
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).queryParam("id", "copy").body(file)
                .when().post("/api/agents/import")
                .then().statusCode(201).body("id", equalTo("copy"));
        given().header("Authorization", BEARER_A).when().get("/api/agents/copy/blocks/human")
                .then().statusCode(200).body("value", equalTo("Ada likes tea"));
    }

    @Test
    void should_serve_openapi_health_and_prometheus_metrics_without_a_key() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/agents/{id}/messages/stream"));
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
