package dev.mnemos.cli.serve.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.mnemos.cli.serve.ServeTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message sent again under its caller's id (a client's retry, through any node) is stored and answered once. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class MessageIdTest {

    private static final String BEARER = "Bearer key-a";

    @Test
    void should_store_and_answer_a_message_sent_twice_under_one_id_once() {
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(Map.of("id", "retried", "name", "Ada"))
                .when().post("/api/agents").then().statusCode(201);
        Map<String, String> message = Map.of("text", "Hello, I am Ada", "id", "msg-42");
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(message)
                .when().post("/api/agents/retried/messages")
                .then().statusCode(200).body("status", equalTo("answered")).body("steps", not(empty()));
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(message)
                .when().post("/api/agents/retried/messages")
                .then().statusCode(200).body("status", equalTo("answered")).body("steps", empty());
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(message)
                .when().post("/api/agents/retried/messages/stream")
                .then().statusCode(200).body(not(containsString("data:")));
        given().header("Authorization", BEARER).when().get("/api/agents/retried/recall?q=Ada&limit=50")
                .then().statusCode(200).body("messages.findAll { it.role == 'user' }.size()", equalTo(1));
    }

    @Test
    void should_refuse_a_message_id_that_is_not_an_id() {
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(Map.of("id", "bad-id", "name", "Ada"))
                .when().post("/api/agents").then().statusCode(201);
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body(Map.of("text", "hi", "id", "no spaces allowed"))
                .when().post("/api/agents/bad-id/messages")
                .then().statusCode(400).body("error.message", containsString("message id"));
    }
}
