package dev.mnemos.memory.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalkReplyTest {

    @Test
    void should_read_choice_and_reasoning_when_reply_follows_the_format() throws Exception {
        WalkReply reply = WalkReply.parse("Reasoning: part two is about the harbour\nand the ships.\nAction: GO 2", 3);

        assertThat(reply.action()).isEqualTo(WalkReply.Action.GO);
        assertThat(reply.child()).isEqualTo(2);
        assertThat(reply.reasoning()).isEqualTo("part two is about the harbour and the ships.");
    }

    @Test
    void should_read_answer_when_reply_is_given_at_a_leaf() throws Exception {
        WalkReply reply = WalkReply.parse("reasoning: it says so\naction: answer Captain Ahab", 0);

        assertThat(reply.action()).isEqualTo(WalkReply.Action.ANSWER);
        assertThat(reply.answer()).isEqualTo("Captain Ahab");
    }

    @Test
    void should_refuse_an_answer_when_reply_is_given_at_a_summary_node() {
        assertThatThrownBy(() -> WalkReply.parse("Reasoning: x\nAction: ANSWER 3", 2))
                .isInstanceOf(WalkReply.MalformedReplyException.class)
                .hasMessageContaining("GO <n>");
    }

    @Test
    void should_refuse_a_choice_when_it_names_no_option() {
        assertThatThrownBy(() -> WalkReply.parse("Action: GO 0", 4))
                .isInstanceOf(WalkReply.MalformedReplyException.class)
                .hasMessageContaining("choose 1 to 4");
    }

    @Test
    void should_read_back_when_reply_has_no_reasoning() throws Exception {
        assertThat(WalkReply.parse("Action: BACK", 4).action()).isEqualTo(WalkReply.Action.BACK);
    }
}
