package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_B;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's mistakes get a 4xx with a JSON error body, never a 500 or a stack trace: a few by
 * hand, then every route of the OpenAPI document walked with each kind of mistake, so that a new
 * route is tried without anyone listing it here.
 */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeBadRequestTest {

    /** An agent of organisation a that the walk points routes at. */
    private static final String WALKED = "walked";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** One operation of the OpenAPI document. */
    record Route(String method, String template, boolean body, List<String> numbers, List<String> texts) {

        boolean onAgent() {
            return template.contains("{id}");
        }

        /** The path with {@code {id}} as {@code agent} and every other parameter as a name nothing has. */
        String path(String agent) {
            return template.replace("{id}", agent).replaceAll("\\{[^}]+}", "nothing");
        }

        Response call(RequestSpecification request, String agent) {
            return request.request(method.toUpperCase(), path(agent));
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + template;
        }
    }

    @BeforeEach
    void walked_agent() {
        if (given().header("Authorization", BEARER_A).get("/api/agents/" + WALKED).statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, WALKED);
        }
    }

    static List<Route> routes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<Route> routes = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey()) || path.getKey().startsWith("/q/")) {
                return;
            }
            List<String> numbers = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            operation.getValue().path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    (p.at("/schema/type").asText().equals("integer") ? numbers : texts).add(p.path("name").asText());
                }
            });
            routes.add(new Route(operation.getKey(), path.getKey(), operation.getValue().has("requestBody"), numbers, texts));
        }));
        return routes;
    }

    /** Tries every route; produces the routes that answered otherwise than {@code expected} (a JSON error of that status), with what they said. */
    private static List<String> walk(List<Route> routes, int expected, UnaryOperator<RequestSpecification> request, String agent) {
        return walk(routes, expected, (route, r) -> request.apply(r), agent);
    }

    private static List<String> walk(List<Route> routes, int expected, BiFunction<Route, RequestSpecification, RequestSpecification> request, String agent) {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            Response response = route.call(request.apply(route, given()), agent);
            String body = response.asString();
            boolean json = response.contentType() != null && response.contentType().startsWith("application/json");
            if (response.statusCode() != expected || !json || body.contains("Exception") || body.contains("at dev.mnemos")
                    || response.jsonPath().getInt("error.code") != expected) {
                wrong.add(route + " -> " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
            }
        }
        return wrong;
    }

    @Test
    void should_walk_the_routes_of_the_openapi_document() throws Exception {
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::toString).contains("POST /api/agents", "GET /api/agents/{id}/tools",
                "POST /api/agents/{id}/mcp", "PATCH /v1/agents/{id}", "DELETE /v1/agents/{id}/archival-memory/{passage}", "POST /v1/chat/completions");
        assertThat(routes).hasSizeGreaterThan(30);
    }

    @Test
    void should_answer_401_on_every_route_when_the_key_is_missing_or_unknown() throws Exception {
        List<Route> routes = routes();
        assertThat(walk(routes, 401, r -> r.contentType(ContentType.JSON).body("{}"), WALKED)).isEmpty();
        assertThat(walk(routes, 401, r -> r.header("Authorization", "Bearer nope").contentType(ContentType.JSON).body("{}"), WALKED)).isEmpty();
    }

    @Test
    void should_answer_404_on_every_agent_route_when_the_agent_is_unknown_or_of_another_organisation() throws Exception {
        List<Route> onAgent = routes().stream().filter(Route::onAgent).toList();
        assertThat(walk(onAgent, 404, r -> r.header("Authorization", BEARER_A).contentType(ContentType.JSON).body("{}"), "nobody")).isEmpty();
        assertThat(walk(onAgent, 404, r -> r.header("Authorization", BEARER_B).contentType(ContentType.JSON).body("{}"), WALKED)).isEmpty();
        given().header("Authorization", BEARER_A).get("/api/agents/" + WALKED + "/blocks/human").then().statusCode(200).body("value", equalTo("Ada likes tea"));
    }

    @Test
    void should_answer_400_on_every_route_with_a_body_when_the_json_is_malformed() throws Exception {
        List<Route> withBody = routes().stream().filter(Route::body).toList();
        assertThat(walk(withBody, 400, r -> r.header("Authorization", BEARER_A).contentType(ContentType.JSON).body("{\"text\": "), WALKED)).isEmpty();
        assertThat(walk(withBody, 400, r -> r.header("Authorization", BEARER_A).contentType(ContentType.JSON).body("[1, "), WALKED)).isEmpty();
    }

    @Test
    void should_answer_413_on_every_route_with_a_body_when_it_is_over_the_limit() throws Exception {
        List<Route> withBody = routes().stream().filter(Route::body).toList();
        String big = "{\"text\": \"" + "x".repeat(70_000) + "\"}";
        assertThat(walk(withBody, 413, r -> r.header("Authorization", BEARER_A).contentType(ContentType.JSON).body(big), WALKED)).isEmpty();
    }

    @Test
    void should_answer_415_on_every_route_with_a_body_when_it_is_not_json() throws Exception {
        List<Route> withBody = routes().stream().filter(Route::body).toList();
        assertThat(walk(withBody, 415, r -> r.header("Authorization", BEARER_A).contentType(ContentType.TEXT).body("text=hello"), WALKED)).isEmpty();
    }

    @Test
    void should_answer_400_on_every_route_when_a_number_parameter_is_not_a_number_or_out_of_range() throws Exception {
        List<Route> withNumbers = routes().stream().filter(r -> !r.numbers().isEmpty()).toList();
        assertThat(withNumbers).isNotEmpty();
        for (String value : List.of("many", "-1", "99999999999")) {
            assertThat(walk(withNumbers, 400, (route, r) -> {
                // the route's text parameters are good, so only the number can be what it refuses
                route.texts().stream().filter(t -> !t.equals("before") && !t.equals("after"))
                        .forEach(t -> r.queryParam(t, t.equals("order") ? "asc" : "tea"));
                route.numbers().forEach(n -> r.queryParam(n, value));
                return r.header("Authorization", BEARER_A);
            }, WALKED)).as("with %s", value).isEmpty();
        }
    }

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
