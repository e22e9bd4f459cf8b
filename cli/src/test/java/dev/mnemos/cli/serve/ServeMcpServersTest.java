package dev.mnemos.cli.serve;

import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_A;
import static dev.mnemos.cli.serve.ServeTestProfile.BEARER_B;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MCP servers attached to an agent over REST: the real filesystem server from npm, started by mnemos over stdio. */
@QuarkusTest
@TestProfile(ServeTestProfile.class)
class ServeMcpServersTest {

    @BeforeEach
    void agents() {
        for (var agent : List.of("tooled", "untooled")) {
            if (given().header("Authorization", BEARER_A).get("/api/agents/" + agent).statusCode() == 404) {
                ServeApiTest.createAgent(BEARER_A, agent);
            }
        }
        if (given().header("Authorization", BEARER_B).get("/api/agents/tooled").statusCode() == 404) {
            ServeApiTest.createAgent(BEARER_B, "tooled");
        }
    }

    @Test
    void should_offer_the_servers_tools_to_the_agent_it_is_attached_to_until_it_is_detached() throws Exception {
        var sandbox = Files.createTempDirectory("mnemos-serve-fs");
        Map<String, Object> fs = Map.of("name", "fs", "command", NpmClients.node().toString(),
                "args", List.of(NpmClients.installed("@modelcontextprotocol/server-filesystem/dist/index.js").toString(), sandbox.toString()),
                "env", Map.of("NODE_NO_WARNINGS", "1"));

        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(fs).post("/api/agents/tooled/mcp-servers")
                .then().statusCode(201).body("name", equalTo("fs")).body("transport", equalTo("stdio"))
                .body("tools", hasItem("fs__list_directory")).body("env", equalTo(null));
        given().header("Authorization", BEARER_A).get("/api/agents/tooled/tools")
                .then().statusCode(200).body("name", hasItem("fs__list_directory")).body("name", hasItem("send_message"))
                .body("find { it.name == 'fs__list_directory' }.server", equalTo("fs"));
        given().header("Authorization", BEARER_A).get("/v1/agents/tooled/tools")
                .then().statusCode(200).body("find { it.name == 'fs__list_directory' }.tool_type", equalTo("external_mcp"));
        given().header("Authorization", BEARER_A).get("/api/agents/tooled/mcp-servers").then().statusCode(200).body("name", equalTo(List.of("fs")));
        given().header("Authorization", BEARER_A).get("/api/agents/tooled/mcp-servers/fs").then().statusCode(200).body("args", hasItem(sandbox.toString()));
        given().header("Authorization", BEARER_A).get("/api/agents/untooled/tools").then().statusCode(200).body("name", not(hasItem("fs__list_directory")));

        // organisation b: its own agent of the same id has nothing attached, and the name is not its to take
        given().header("Authorization", BEARER_B).get("/api/agents/tooled/mcp-servers").then().statusCode(200).body("$", empty());
        given().header("Authorization", BEARER_B).get("/api/agents/tooled/tools").then().statusCode(200).body("name", not(hasItem("fs__list_directory")));
        given().header("Authorization", BEARER_B).contentType(ContentType.JSON).body(fs).post("/api/agents/tooled/mcp-servers")
                .then().statusCode(409).body("error.message", not(containsString(sandbox.toString())));

        given().header("Authorization", BEARER_A).delete("/api/agents/tooled/mcp-servers/fs").then().statusCode(204);
        given().header("Authorization", BEARER_A).get("/api/agents/tooled/tools").then().statusCode(200)
                .body("name", not(hasItem("fs__list_directory"))).body("name", hasItem("send_message"));
        given().header("Authorization", BEARER_A).delete("/api/agents/tooled/mcp-servers/fs").then().statusCode(404).body("error.type", equalTo("not_found"));
    }

    @Test
    void should_refuse_a_server_that_is_described_badly_or_cannot_be_reached() {
        for (Object body : List.of(Map.of("name", "x"), Map.of("name", "x", "command", "node", "url", "http://127.0.0.1:1/mcp"),
                Map.of("name", "not a name!", "url", "http://127.0.0.1:1/mcp"), Map.of("name", "x", "url", "ftp://127.0.0.1/mcp"),
                Map.of("name", "x", "url", "http://[nope"), Map.of("command", "node"))) {
            given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(body).post("/api/agents/tooled/mcp-servers")
                    .then().statusCode(400).body("error.type", equalTo("invalid_request"));
        }
        given().header("Authorization", BEARER_A).contentType(ContentType.JSON).body(Map.of("name", "gone", "url", "http://127.0.0.1:1/mcp"))
                .post("/api/agents/tooled/mcp-servers").then().statusCode(422).body("error.message", containsString("cannot attach"));
        given().header("Authorization", BEARER_A).get("/api/agents/tooled/mcp-servers").then().statusCode(200).body("name", not(hasItem("gone")));
    }
}
