package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.core.BlockLimitExceededException;
import dev.mnemos.memory.core.BlockVersion;
import org.junit.jupiter.api.Test;

/** Core memory: blocks, edits, limits, versions. */
public abstract class BlockConformance extends ConformanceBase {

    @Test
    void should_create_a_block_at_version_1_and_list_blocks_by_label() {
        AgentKey agent = agent();
        Block persona = await(store().blocks().create(agent, new Block("persona", "I am Sam.", 100, false, "who I am", 0)));
        await(store().blocks().create(agent, Block.of("human", "")));

        assertThat(persona.version()).isEqualTo(1);
        assertThat(await(store().blocks().blocks(agent))).extracting(Block::label).containsExactly("human", "persona");
        assertThat(await(store().blocks().block(agent, "persona"))).contains(persona);
        assertThat(await(store().blocks().block(agent, "missing"))).isEmpty();
    }

    @Test
    void should_refuse_a_second_block_of_the_same_label() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, Block.of("persona", "one")));

        assertThat(failure(store().blocks().create(agent, Block.of("persona", "two")))).isInstanceOf(BlockEditException.class);
        assertThat(await(store().blocks().block(agent, "persona")).orElseThrow().value()).isEqualTo("one");
    }

    @Test
    void should_apply_append_replace_and_rethink_as_new_versions() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, Block.of("human", "Name: Ada")));

        await(store().blocks().edit(agent, "human", new BlockEdit.Append("Likes: tea")));
        await(store().blocks().edit(agent, "human", new BlockEdit.Replace("tea", "coffee")));
        Block last = await(store().blocks().edit(agent, "human", new BlockEdit.Rethink("Name: Ada Lovelace")));

        assertThat(last.version()).isEqualTo(4);
        assertThat(await(store().blocks().history(agent, "human")))
                .extracting(BlockVersion::version, BlockVersion::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "Name: Ada"),
                        org.assertj.core.groups.Tuple.tuple(2L, "Name: Ada\nLikes: tea"),
                        org.assertj.core.groups.Tuple.tuple(3L, "Name: Ada\nLikes: coffee"),
                        org.assertj.core.groups.Tuple.tuple(4L, "Name: Ada Lovelace"));
    }

    @Test
    void should_refuse_an_edit_past_the_limit_saying_by_how_much_when_appending() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, new Block("notes", "12345", 10, false, "", 0)));

        Throwable refused = failure(store().blocks().edit(agent, "notes", new BlockEdit.Append("abcdefgh")));

        // "12345" + "\n" + "abcdefgh" = 14 characters, 4 over the limit of 10.
        assertThat(refused).isInstanceOf(BlockLimitExceededException.class).hasMessageContaining("4 over").hasMessageContaining("10");
        assertThat(await(store().blocks().block(agent, "notes")).orElseThrow().value()).isEqualTo("12345");
        assertThat(await(store().blocks().history(agent, "notes"))).hasSize(1);
    }

    @Test
    void should_refuse_edits_of_a_read_only_block() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, new Block("rules", "be kind", 100, true, "", 0)));

        assertThat(failure(store().blocks().edit(agent, "rules", new BlockEdit.Rethink("be rude"))))
                .isInstanceOf(BlockEditException.class).hasMessageContaining("read-only");
        assertThat(await(store().blocks().block(agent, "rules")).orElseThrow().value()).isEqualTo("be kind");
    }

    @Test
    void should_refuse_to_replace_text_that_is_not_in_the_block() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, Block.of("human", "Name: Ada")));

        assertThat(failure(store().blocks().edit(agent, "human", new BlockEdit.Replace("Bob", "Eve"))))
                .isInstanceOf(BlockEditException.class).hasMessageContaining("Bob");
    }

    @Test
    void should_refuse_to_edit_a_missing_block() {
        AgentKey agent = agent();
        assertThat(failure(store().blocks().edit(agent, "ghost", new BlockEdit.Append("x")))).isInstanceOf(BlockEditException.class);
    }

    @Test
    void should_revert_to_an_earlier_value_as_the_next_version() {
        AgentKey agent = agent();
        await(store().blocks().create(agent, Block.of("human", "first")));
        await(store().blocks().edit(agent, "human", new BlockEdit.Rethink("second")));

        Block reverted = await(store().blocks().revert(agent, "human", 1));

        assertThat(reverted.value()).isEqualTo("first");
        assertThat(reverted.version()).isEqualTo(3);
        assertThat(await(store().blocks().history(agent, "human"))).extracting(BlockVersion::value).containsExactly("first", "second", "first");
        assertThat(failure(store().blocks().revert(agent, "human", 42))).isInstanceOf(BlockEditException.class);
    }

    @Test
    void should_produce_an_empty_history_when_there_is_no_such_block() {
        assertThat(await(store().blocks().history(agent(), "ghost"))).isEmpty();
    }

    @Test
    void should_fail_every_block_operation_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");
        assertThat(failure(store().blocks().blocks(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().blocks().create(ghost, Block.of("persona", "x")))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().blocks().edit(ghost, "persona", new BlockEdit.Append("x")))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().blocks().history(ghost, "persona"))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().blocks().revert(ghost, "persona", 1))).isInstanceOf(NoSuchAgentException.class);
    }
}
