package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller's mistakes get a 4xx with a JSON error body, never a 500 or a stack trace. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeBadRequestTest {

    private static ValidatableResponse refused(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType(ContentType.JSON)
                .body("error.type", equalTo(type)).body("error.code", equalTo(status))
                .body(not(containsString("at dev.mnemos"))).body(not(containsString("Exception")));
    }

    @Test
    void should_answer_400_when_the_json_is_malformed() {
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body("{\"name\": ")
                .post("/api/agents").then(), 400, "invalid_json");
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body("[1, 2]")
                .post("/api/agents").then(), 400, "invalid_json");
    }

    @Test
    void should_answer_413_when_the_body_is_over_the_limit() {
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(70_000)))
                .post("/api/agents").then(), 413, "payload_too_large");
    }

    @Test
    void should_answer_404_when_the_agent_block_or_route_is_unknown() {
        refused(given().header("Authorization", BEARER_A).get("/api/agents/nobody").then(), 404, "not_found");
        refused(given().header("Authorization", BEARER_A).get("/api/agents/nobody/blocks").then(), 404, "not_found");
        if (given().header("Authorization", BEARER_A).get("/api/agents/badreq").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, "badreq");
        }
        refused(given().header("Authorization", BEARER_A).get("/api/agents/badreq/blocks/nothing").then(), 404, "not_found");
        refused(given().header("Authorization", BEARER_A).get("/api/nowhere").then(), 404, "client_error");
    }

    @Test
    void should_answer_400_when_the_content_is_invalid() {
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("id", "no spaces allowed", "name", "x"))
                .post("/api/agents").then(), 400, "invalid_request");
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("name", "x", "type", "robot"))
                .post("/api/agents").then(), 400, "invalid_request");
        if (given().header("Authorization", BEARER_A).get("/api/agents/badreq").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, "badreq");
        }
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("value", "x".repeat(3000)))
                .patch("/api/agents/badreq/blocks/human").then(), 400, "invalid_request");
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("oldText", "absent", "newText", "x"))
                .patch("/api/agents/badreq/blocks/human").then(), 400, "invalid_request");
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of())
                .post("/api/agents/badreq/messages").then(), 400, "invalid_request");
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body("{}")
                .queryParam("id", "x").post("/api/agents/import").then(), 400, "invalid_request");
    }

    @Test
    void should_answer_409_when_the_agent_exists() {
        if (given().header("Authorization", BEARER_A).get("/api/agents/twice").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, "twice");
        }
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("id", "twice", "name", "x"))
                .post("/api/agents").then(), 409, "conflict");
    }

    @Test
    void should_answer_415_when_the_body_is_not_json() {
        refused(given().header("Authorization", BEARER_A).contentType(ContentType.TEXT).body("name=x")
                .post("/api/agents").then(), 415, "client_error");
    }
}
