package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official MCP inspector CLI ({@code @modelcontextprotocol/inspector-cli} from npm) against an agent's streamable HTTP endpoint. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeMcpInspectorTest {

    private static final String INSPECTOR = "@modelcontextprotocol/inspector-cli/build/cli.js";

    @TestHTTPResource("/api/agents/mcp-served/mcp")
    URL endpoint;

    @BeforeEach
    void agent() {
        if (given().header("Authorization", BEARER_A).get("/api/agents/mcp-served").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_A, "mcp-served");
        }
    }

    @Test
    void should_list_and_call_the_agents_tools_when_the_official_inspector_cli_connects() throws Exception {
        JsonNode listed = inspect(BEARER_A, "--method", "tools/list");
        List<String> names = new ArrayList<>();
        listed.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("send_message", "read_core_memory", "edit_core_memory", "search_recall", "search_archival", "insert_passage");

        JsonNode edited = inspect(BEARER_A, "--method", "tools/call", "--tool-name", "edit_core_memory",
                "--tool-arg", "label=human", "--tool-arg", "mode=append", "--tool-arg", "text=Ada reads MCP specs");
        assertThat(edited.path("isError").asBoolean()).isFalse();
        JsonNode read = inspect(BEARER_A, "--method", "tools/call", "--tool-name", "read_core_memory");
        assertThat(read.path("isError").asBoolean()).isFalse();
        assertThat(read.at("/content/0/text").asText()).contains("[human]").contains("Ada likes tea\nAda reads MCP specs");
        given().header("Authorization", BEARER_A).get("/api/agents/mcp-served/blocks/human").then().statusCode(200)
                .body("value", equalTo("Ada likes tea\nAda reads MCP specs"));
    }

    @Test
    void should_refuse_the_endpoint_when_the_key_is_of_another_organisation_or_missing() {
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";
        given().header("Authorization", BEARER_B).contentType(ContentType.JSON).body(initialize)
                .post("/api/agents/mcp-served/mcp").then().statusCode(404).body("error.type", equalTo("not_found"));
        given().contentType(ContentType.JSON).body(initialize)
                .post("/api/agents/mcp-served/mcp").then().statusCode(401).body("error.type", equalTo("unauthorized"));
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(initialize)
                .post("/api/agents/mcp-served/mcp").then().statusCode(200).body("result.serverInfo.name", equalTo("mnemos"));
    }

    private JsonNode inspect(String bearer, String... method) throws Exception {
        List<String> args = new ArrayList<>(List.of("--cli", endpoint.toString(), "--transport", "http", "--header", "Authorization: " + bearer));
        args.addAll(List.of(method));
        return new ObjectMapper().readTree(NpmClients.runPackage(INSPECTOR, Duration.ofMinutes(2), args.toArray(String[]::new)));
    }
}
