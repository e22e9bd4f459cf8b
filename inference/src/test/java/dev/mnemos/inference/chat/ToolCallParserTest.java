package dev.mnemos.inference.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallParserTest {

    @Test
    void should_find_every_hermes_tool_call_and_keep_the_text_around_them() {
        AssistantReply reply = ToolCallParser.parse("Let me check.\n<tool_call>\n{\"name\": \"get_weather\", "
                + "\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", "
                + "\"arguments\": {}}\n</tool_call>");
        assertThat(reply.content()).isEqualTo("Let me check.");
        assertThat(reply.toolCalls()).containsExactly(
                new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_1", "get_time", "{}"));
    }

    @Test
    void should_accept_an_unclosed_last_tool_call_when_generation_stopped_at_end_of_turn() {
        AssistantReply reply = ToolCallParser.parse("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": 1}}\n");
        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_0", "f", "{\"x\":1}"));
        assertThat(reply.content()).isEmpty();
    }

    @Test
    void should_leave_a_broken_tool_call_in_the_content() {
        String output = "<tool_call>{\"name\": \"f\", \"arguments\": {</tool_call>";
        AssistantReply reply = ToolCallParser.parse(output);
        assertThat(reply.hasToolCalls()).isFalse();
        assertThat(reply.content()).isEqualTo(output);
    }

    @Test
    void should_parse_llama_3_1_json_calls_with_parameters() {
        assertThat(ToolCallParser.parse(" {\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}")
                        .toolCalls())
                .containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(ToolCallParser.parse("<|python_tag|>{\"name\": \"a\", \"parameters\": {}}; "
                        + "{\"name\": \"b\", \"parameters\": {\"q\": \"x\"}}").toolCalls())
                .extracting(ToolCall::name).containsExactly("a", "b");
        assertThat(ToolCallParser.parse("[{\"name\": \"a\", \"arguments\": \"{\\\"k\\\": 2}\"}]").toolCalls())
                .containsExactly(new ToolCall("call_0", "a", "{\"k\": 2}"));
    }

    @Test
    void should_return_plain_text_when_there_is_no_call() {
        assertThat(ToolCallParser.parse(" The answer is {not json}. ")).isEqualTo(
                new AssistantReply("The answer is {not json}.", List.of()));
        assertThat(ToolCallParser.parse("{\"answer\": 42}").hasToolCalls()).isFalse();
    }
}
