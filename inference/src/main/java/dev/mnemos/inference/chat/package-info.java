/**
 * Conversations as the model was trained to read them: {@link dev.mnemos.inference.chat.ChatTemplate} renders the
 * Jinja {@code tokenizer.chat_template} of a GGUF file (or a {@link dev.mnemos.inference.chat.BuiltInTemplate} when it
 * has none) with tools; {@link dev.mnemos.inference.chat.ToolCallParser} reads tool calls back out of the model's
 * reply (Hermes/Qwen {@code <tool_call>} and Llama 3.1 JSON); {@link dev.mnemos.inference.chat.StopSequences} cuts
 * streamed text at stop strings.
 */
package dev.mnemos.inference.chat;
