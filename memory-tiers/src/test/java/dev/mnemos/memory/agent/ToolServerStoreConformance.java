package dev.mnemos.memory.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.ToolServerStore.ToolServer;
import dev.mnemos.memory.conformance.ConformanceBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every engine's {@link ToolServerStore} must do; an engine's test extends it. */
public abstract class ToolServerStoreConformance extends ConformanceBase {

    private ToolServerStore servers() {
        return store().toolServers();
    }

    @Test
    void should_list_the_agents_servers_by_name_and_replace_one_put_again() {
        AgentKey agent = agent();
        await(servers().put(agent, "web", "{\"url\": \"http://127.0.0.1:1/mcp\"}"));
        await(servers().put(agent, "files", "{\"command\": \"npx\"}"));

        await(servers().put(agent, "web", "{\"url\": \"http://127.0.0.1:2/mcp\"}"));

        assertThat(await(servers().list(agent))).containsExactly(
                Map.entry("files", "{\"command\": \"npx\"}"), Map.entry("web", "{\"url\": \"http://127.0.0.1:2/mcp\"}"));
        assertThat(await(servers().all())).filteredOn(s -> s.agent().equals(agent)).extracting(ToolServer::name).containsExactly("files", "web");
    }

    @Test
    void should_forget_a_removed_server_and_say_when_there_was_none() {
        AgentKey agent = agent();
        await(servers().put(agent, "files", "{}"));

        assertThat(await(servers().remove(agent, "files"))).isTrue();
        assertThat(await(servers().remove(agent, "files"))).isFalse();
        assertThat(await(servers().list(agent))).isEmpty();
    }

    @Test
    void should_keep_organisations_apart_and_drop_the_servers_of_a_deleted_agent() {
        AgentKey mine = agent();
        AgentKey theirs = agent(ORG_B, mine.agent());
        await(servers().put(mine, "files", "{\"mine\": true}"));

        assertThat(await(servers().list(theirs))).isEmpty();
        assertThat(await(servers().remove(theirs, "files"))).isFalse();
        assertThat(await(servers().all())).contains(new ToolServer(mine, "files", "{\"mine\": true}"))
                .noneMatch(s -> s.agent().equals(theirs));

        await(store().agents().delete(mine));
        assertThat(await(servers().all())).noneMatch(s -> s.agent().equals(mine));
    }

    @Test
    void should_refuse_an_unknown_agent() {
        AgentKey ghost = new AgentKey(ORG_A, "no-such-agent");

        assertThat(failure(servers().put(ghost, "files", "{}"))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(servers().list(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(servers().remove(ghost, "files"))).isInstanceOf(NoSuchAgentException.class);
    }
}
