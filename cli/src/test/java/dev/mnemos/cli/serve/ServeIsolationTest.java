package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_B;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A key of one organisation tries every route on another's agent, and a request without a key tries every route. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeIsolationTest {

    private static final Map<String, Function<RequestSpecification, io.restassured.response.Response>> ROUTES_ON_AGENT = Map.ofEntries(
            Map.entry("GET agent", r -> r.get("/api/agents/private")),
            Map.entry("DELETE agent", r -> r.delete("/api/agents/private")),
            Map.entry("GET blocks", r -> r.get("/api/agents/private/blocks")),
            Map.entry("GET block", r -> r.get("/api/agents/private/blocks/human")),
            Map.entry("PATCH block", r -> r.contentType(ContentType.JSON).body(Map.of("value", "stolen")).patch("/api/agents/private/blocks/human")),
            Map.entry("POST message", r -> r.contentType(ContentType.JSON).body(Map.of("text", "hi")).post("/api/agents/private/messages")),
            Map.entry("POST stream", r -> r.contentType(ContentType.JSON).body(Map.of("text", "hi")).post("/api/agents/private/messages/stream")),
            Map.entry("GET recall", r -> r.queryParam("q", "tea").get("/api/agents/private/recall")),
            Map.entry("GET archival", r -> r.queryParam("q", "tea").get("/api/agents/private/archival")),
            Map.entry("POST archival", r -> r.contentType(ContentType.JSON).body(Map.of("texts", List.of("x"))).post("/api/agents/private/archival")),
            Map.entry("GET export", r -> r.get("/api/agents/private/export")),
            Map.entry("Letta GET agent", r -> r.get("/v1/agents/private")),
            Map.entry("Letta DELETE agent", r -> r.delete("/v1/agents/private")),
            Map.entry("Letta GET blocks", r -> r.get("/v1/agents/private/core-memory/blocks")),
            Map.entry("Letta GET block", r -> r.get("/v1/agents/private/core-memory/blocks/human")),
            Map.entry("Letta PATCH block", r -> r.contentType(ContentType.JSON).body(Map.of("value", "stolen")).patch("/v1/agents/private/core-memory/blocks/human")),
            Map.entry("Letta POST passage", r -> r.contentType(ContentType.JSON).body(Map.of("text", "x")).post("/v1/agents/private/archival-memory")),
            Map.entry("Letta GET passages", r -> r.get("/v1/agents/private/archival-memory")),
            Map.entry("Letta search passages", r -> r.queryParam("query", "tea").get("/v1/agents/private/archival-memory/search")),
            Map.entry("Letta POST message", r -> r.contentType(ContentType.JSON).body(Map.of("input", "hi")).post("/v1/agents/private/messages")),
            Map.entry("Letta POST stream", r -> r.contentType(ContentType.JSON).body(Map.of("input", "hi")).post("/v1/agents/private/messages/stream")),
            Map.entry("Letta GET messages", r -> r.get("/v1/agents/private/messages")));

    @BeforeEach
    void agent_of_organisation_a() {
        if (given().header("Authorization", BEARER_A).get("/api/agents/private").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, "private");
        }
    }

    @Test
    void should_answer_404_on_every_route_when_the_agent_belongs_to_another_organisation() {
        ROUTES_ON_AGENT.forEach((route, call) -> call.apply(given().header("Authorization", BEARER_B))
                .then().statusCode(404).body("error.type", equalTo("not_found")));
        given().header("Authorization", BEARER_B).get("/api/agents").then().statusCode(200).body("id", not(hasItem("private")));
        given().header("Authorization", BEARER_B).get("/v1/agents").then().statusCode(200).body("id", not(hasItem("private")));
        // nothing changed for its owner
        given().header("Authorization", BEARER_A).get("/api/agents/private/blocks/human").then().statusCode(200).body("value", equalTo("Ada likes tea"));
    }

    @Test
    void should_answer_401_on_every_route_when_the_key_is_missing_or_unknown() {
        for (var header : List.of("", "Bearer nope", "key-a")) {
            ROUTES_ON_AGENT.forEach((route, call) -> call.apply(given().header("Authorization", header))
                    .then().statusCode(401).body("error.type", equalTo("unauthorized")));
            given().header("Authorization", header).get("/api/agents").then().statusCode(401);
            given().header("Authorization", header).contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/agents").then().statusCode(401);
            given().header("Authorization", header).get("/v1/agents").then().statusCode(401);
            given().header("Authorization", header).get("/v1/models").then().statusCode(401);
            given().header("Authorization", header).contentType(ContentType.JSON).body(Map.of("input", "x")).post("/v1/embeddings").then().statusCode(401);
        }
    }

    @Test
    void should_import_into_the_callers_organisation_when_the_file_names_another() {
        String file = given().header("Authorization", BEARER_A).get("/api/agents/private/export").then().statusCode(200).extract().asString();
        given().header("Authorization", BEARER_B).contentType(ContentType.JSON).queryParam("id", "imported-by-b").body(file)
                .post("/api/agents/import").then().statusCode(201);
        given().header("Authorization", BEARER_B).get("/api/agents/imported-by-b").then().statusCode(200);
        given().header("Authorization", BEARER_A).get("/api/agents/imported-by-b").then().statusCode(404);
    }

    @Test
    void should_keep_agents_of_the_same_id_apart_when_two_organisations_create_them() {
        if (given().header("Authorization", BEARER_B).get("/api/agents/private").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_B, "private");
        }
        given().header("Authorization", BEARER_B).contentType(ContentType.JSON).body(Map.of("value", "org b's own"))
                .patch("/api/agents/private/blocks/human").then().statusCode(200);
        given().header("Authorization", BEARER_A).get("/api/agents/private/blocks/human").then().body("value", equalTo("Ada likes tea"));
    }
}
