package dev.mnemos.inference.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.SharedModels;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Get the weather",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}");
    private static final String WEATHER_JSON = "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
            + "\"description\": \"Get the weather\", \"parameters\": {\"type\": \"object\", \"properties\": "
            + "{\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}";

    private static ChatTemplate fromFile(String file) throws Exception {
        try (GgufFile gguf = GgufFile.open(SharedModels.path(file))) {
            return ChatTemplate.fromGguf(gguf.metadata());
        }
    }

    @Test
    void should_render_the_llama_3_template_of_the_vocab_file() throws Exception {
        ChatTemplate template = fromFile("ggml-vocab-llama-bpe.gguf");
        String prompt = template.render(List.of(ChatMessage.system("Be brief. "), ChatMessage.user("Hi")), List.of(),
                true);
        assertThat(prompt).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief."
                + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void should_give_the_special_token_ids_when_the_prompt_is_encoded_with_parse_special() throws Exception {
        Tokenizer tokenizer;
        try (GgufFile gguf = GgufFile.open(SharedModels.path("ggml-vocab-llama-bpe.gguf"))) {
            tokenizer = Tokenizer.fromGguf(gguf.metadata());
        }
        String prompt = fromFile("ggml-vocab-llama-bpe.gguf").render(List.of(ChatMessage.user("Hi")), List.of(), true);
        int[] ids = tokenizer.encode(prompt, false, true);
        assertThat(ids).startsWith(128000, 128006).endsWith(128009, 128006, 78191, 128007, 271);
        assertThat(ids).containsOnlyOnce(128000);
    }

    @Test
    void should_render_tools_calls_and_responses_with_the_qwen3_template() throws Exception {
        ChatTemplate template = fromFile("ggml-vocab-qwen2.gguf");
        List<ChatMessage> messages = List.of(
                ChatMessage.system("You are helpful."),
                ChatMessage.user("Hi there"),
                ChatMessage.assistant("<think>\nhmm\n</think>\n\nHello!"),
                ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant("", List.of(new ToolCall("c1", "get_weather", "{\"city\": \"Paris\"}"))),
                ChatMessage.tool("c1", "{\"temp\": 20}"));
        String prompt = template.render(messages, List.of(WEATHER), true);
        assertThat(prompt).isEqualTo("<|im_start|>system\nYou are helpful.\n\n# Tools\n\n"
                + "You may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + WEATHER_JSON + "\n</tools>\n\n"
                + "For each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n"
                + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\nHi there<|im_end|>\n"
                // an earlier turn loses its reasoning
                + "<|im_start|>assistant\nHello!<|im_end|>\n"
                + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}"
                + "\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n{\"temp\": 20}\n</tool_response><|im_end|>\n"
                + "<|im_start|>assistant\n");
    }

    @Test
    void should_pass_extra_variables_when_thinking_is_turned_off() throws Exception {
        ChatTemplate template = fromFile("ggml-vocab-qwen2.gguf");
        String prompt = template.render(List.of(ChatMessage.user("2+2?")), List.of(), true,
                Map.of("enable_thinking", false));
        assertThat(prompt).isEqualTo("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
    }

    @Test
    void should_fall_back_to_llama_2_when_a_sentencepiece_file_has_no_template() throws Exception {
        ChatTemplate template = fromFile("stories260K.gguf");
        assertThat(template.source()).isEqualTo(BuiltInTemplate.LLAMA2.source());
        String prompt = template.render(List.of(ChatMessage.system("Sys"), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello"), ChatMessage.user("Bye")), List.of(), true);
        assertThat(prompt).isEqualTo("<s>[INST] <<SYS>>\nSys\n<</SYS>>\n\nHi [/INST] Hello </s><s>[INST] Bye [/INST]");
    }

    @Test
    void should_keep_the_system_prompt_in_the_first_llama_2_instruction_when_an_answer_comes_first() {
        ChatTemplate template = ChatTemplate.of(BuiltInTemplate.LLAMA2, "<s>", "</s>");
        String prompt = template.render(List.of(ChatMessage.system("Sys"), ChatMessage.assistant("Earlier"),
                ChatMessage.user("Next")), List.of(), true);
        assertThat(prompt).isEqualTo("<s>[INST] <<SYS>>\nSys\n<</SYS>> [/INST] Earlier </s><s>[INST] Next [/INST]");
        assertThat(template.render(List.of(ChatMessage.system("Sys")), List.of(), true))
                .isEqualTo("<s>[INST] <<SYS>>\nSys\n<</SYS>> [/INST]");
    }

    @Test
    void should_render_llama_2_tool_calls_and_results_in_the_hermes_form() {
        ChatTemplate template = ChatTemplate.of(BuiltInTemplate.LLAMA2, "<s>", "</s>");
        String prompt = template.render(List.of(ChatMessage.system("Sys"), ChatMessage.user("Weather?"),
                ChatMessage.assistant("", List.of(new ToolCall(null, "get_weather", "{\"city\": \"Oslo\"}"),
                        new ToolCall(null, "get_weather", "{\"city\": \"Bergen\"}"))),
                ChatMessage.tool(null, "sunny"), ChatMessage.tool(null, "rain"), ChatMessage.user("Thanks")), List.of(WEATHER), true);
        assertThat(prompt).isEqualTo("<s>[INST] <<SYS>>\nSys\n<</SYS>>\n\nWeather? [/INST] "
                + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>\n"
                + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Bergen\"}}\n</tool_call> </s>"
                + "<s>[INST] <tool_response>\nsunny\n</tool_response>\n<tool_response>\nrain\n</tool_response> [/INST]"
                + "<s>[INST] Thanks [/INST]");
        assertThat(ToolCallParser.parse(" <tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>")
                .toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
        // a tool result first after eviction opens the first instruction, so the system prompt goes in it
        assertThat(template.render(List.of(ChatMessage.system("Sys"), ChatMessage.tool(null, "sunny"),
                ChatMessage.assistant("Sunny.")), List.of(), true))
                .isEqualTo("<s>[INST] <<SYS>>\nSys\n<</SYS>>\n\n<tool_response>\nsunny\n</tool_response> [/INST] Sunny. </s>");
    }

    @Test
    void should_choose_the_built_in_template_from_the_vocabulary() {
        assertThat(BuiltInTemplate.forTokens(List.of("<|start_header_id|>")::contains)).isEqualTo(BuiltInTemplate.LLAMA3);
        assertThat(BuiltInTemplate.forTokens(List.of("<|im_start|>")::contains)).isEqualTo(BuiltInTemplate.CHATML);
        assertThat(BuiltInTemplate.forTokens(List.of("<s>")::contains)).isEqualTo(BuiltInTemplate.LLAMA2);
    }

    @Test
    void should_render_chatml_with_hermes_tool_calls() {
        ChatTemplate template = ChatTemplate.of(BuiltInTemplate.CHATML, "", "<|im_end|>");
        String prompt = template.render(List.of(ChatMessage.user("Weather?"),
                ChatMessage.assistant("Checking.", List.of(new ToolCall(null, "get_weather", "{\"city\": \"Oslo\"}"))),
                ChatMessage.tool(null, "sunny")), List.of(WEATHER), false);
        assertThat(prompt).startsWith("<|im_start|>system\n# Tools\n").contains(WEATHER_JSON).endsWith(
                "<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\nChecking.\n<tool_call>\n"
                        + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call><|im_end|>\n"
                        + "<|im_start|>user\n<tool_response>\nsunny\n</tool_response><|im_end|>\n");
    }

    @Test
    void should_render_llama_3_1_json_tool_calls_with_the_built_in_llama_3() {
        ChatTemplate template = ChatTemplate.of(BuiltInTemplate.LLAMA3, "<|begin_of_text|>", "<|eot_id|>");
        String prompt = template.render(List.of(ChatMessage.user("Weather?"),
                ChatMessage.assistant("", List.of(new ToolCall(null, "get_weather", "{\"city\": \"Oslo\"}"))),
                ChatMessage.tool(null, "sunny")), List.of(WEATHER), true);
        assertThat(prompt).isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
                + "Given the following functions, please respond with a JSON for a function call with its proper "
                + "arguments that best answers the given prompt.\n\nRespond in the format {\"name\": function name, "
                + "\"parameters\": dictionary of argument name and its value}. Do not use variables.\n\n"
                + WEATHER_JSON + "\n\nWeather?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
                + "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}<|eot_id|>"
                + "<|start_header_id|>ipython<|end_header_id|>\n\nsunny<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void should_fail_with_the_templates_message_when_it_raises_an_exception() {
        ChatTemplate template = ChatTemplate.of("{% if messages[0].role != 'user' %}"
                + "{{ raise_exception('Conversations must start with the user') }}{% endif %}ok", "", "");
        assertThatThrownBy(() -> template.render(List.of(ChatMessage.assistant("x")), List.of(), false))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining("Conversations must start with the user");
        assertThat(template.render(List.of(ChatMessage.user("x")), List.of(), false)).isEqualTo("ok");
    }

    @Test
    void should_strip_spaces_before_a_block_only_at_the_start_of_a_line_as_jinja2() {
        ChatTemplate template = ChatTemplate.of("{% if true %}A{% endif %} {% if true %}B{% endif %}\n"
                + "    {% if true %}C{% endif %}\n{# note #}\n  {#- trimmed #}D", "", "");
        // the space between A and B stays; the newlines after block tags go (trim_blocks), and so do the spaces that
        // start a line before a block tag (lstrip_blocks)
        assertThat(template.render(List.of(), List.of(), false)).isEqualTo("A BCD");
    }

    @Test
    void should_write_json_as_python_does_with_and_without_indent() {
        ChatTemplate template = ChatTemplate.of("{{ tools[0].function.parameters | tojson }}|"
                + "{{ tools[0].function.parameters | tojson(indent=2) }}|{{ {} | tojson(indent=2) }}", "", "");
        String out = template.render(List.of(), List.of(new ToolDefinition("f", "", "{\"a\": [1, 2], \"b\": \"é\"}")),
                false);
        assertThat(out).isEqualTo("{\"a\": [1, 2], \"b\": \"é\"}|{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"é\"\n}|{}");
    }

    @Test
    void should_iterate_a_mapping_with_the_items_filter() {
        ChatTemplate template = ChatTemplate.of("{%- for m in messages %}{%- if 'tool_calls' in m %}"
                + "{%- for name, value in m.tool_calls[0].function.arguments | items %}{{ name }}={{ value }};"
                + "{%- endfor %}{%- endif %}{%- endfor %}", "", "");
        String out = template.render(List.of(ChatMessage.user("x"), ChatMessage.assistant("",
                List.of(new ToolCall(null, "f", "{\"city\": \"Oslo\", \"days\": 2}")))), List.of(), false);
        assertThat(out).isEqualTo("city=Oslo;days=2;");
    }

    @Test
    void should_support_python_string_and_dict_methods_and_loop_variables() {
        ChatTemplate template = ChatTemplate.of("{%- for m in messages %}"
                + "{{ loop.index0 }}:{{ m.content.split('|')[-1].strip() }}"
                + "{%- if m.content.startswith('a') %}!{% endif %}"
                + "{%- if loop.last %}.{% else %},{% endif %}"
                + "{%- endfor %}"
                + "{%- for key, value in {'k': 'v'}.items() %} {{ key }}={{ value }}{% endfor %}"
                + "{%- set ns = namespace(count=messages|length - 1) %} {{ ns.count }}"
                + "{%- for m in messages[::-1] %} {{ m.role }}{% endfor %}", "", "");
        String out = template.render(List.of(ChatMessage.user("a | one "), ChatMessage.assistant("b|two")), List.of(),
                false);
        assertThat(out).isEqualTo("0:one!,1:two. k=v 1 assistant user");
    }
}
