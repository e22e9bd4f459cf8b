/*
 * PRISM over a long log file with a schema of your own. The log is read in chunks of lines; for each
 * chunk the LLM sees only the task, the schema, the memory so far and the chunk, and answers with
 * updates (add / replace / delete at a JSON Pointer). mnemos applies the updates that keep the memory
 * valid under the schema and shows the LLM the refused ones with the next chunk. At the end the
 * memory, a small JSON document, answers questions about a log far larger than any context window.
 *
 * The schema here keeps, per service, how many errors it logged and the first error's message.
 * main() takes an OpenAI-compatible endpoint from the environment (MNEMOS_OPENAI_BASE_URL,
 * MNEMOS_OPENAI_MODEL) and a log file:
 *
 *   examples/run dev.mnemos.examples.prism.LogIncidents app.log
 */
package dev.mnemos.examples.prism;

import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.examples.OpenAiEndpoint;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.PrismReader;
import dev.mnemos.memory.structured.PrismRun;
import dev.mnemos.memory.structured.StructuredMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class LogIncidents {

    public static final String TASK = "For every service that logs an ERROR, count its errors and keep the message of its first one.";

    public static final MemorySchema SCHEMA = MemorySchema.parse("incidents", """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "incidents",
              "description": "Per service: how many ERROR lines it logged, and the message of the first.",
              "type": "object",
              "properties": {
                "services": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "object",
                    "properties": {
                      "errors": {"type": "integer", "minimum": 1},
                      "first_error": {"type": "string"}
                    },
                    "required": ["errors", "first_error"],
                    "additionalProperties": false
                  }
                }
              },
              "required": ["services"],
              "additionalProperties": false,
              "default": {"services": {}}
            }
            """);

    private final PrismReader reader;

    public LogIncidents(ChatModel model) {
        this.reader = new PrismReader(model, new ApproximateTokenCountEstimator());
    }

    /** Reads {@code lines} in chunks of {@code linesPerChunk} into a fresh memory under {@link #SCHEMA}. */
    public PrismRun read(List<String> lines, int linesPerChunk) {
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += linesPerChunk) {
            chunks.add(String.join("\n", lines.subList(from, Math.min(lines.size(), from + linesPerChunk))));
        }
        return reader.read(StructuredMemory.fresh("incidents", SCHEMA), TASK, chunks);
    }

    /** Answers from the memory alone: the log is not read again. */
    public String answer(StructuredMemory memory, String question) {
        return reader.answer(memory, question).text();
    }

    public static void main(String[] args) throws Exception {
        ChatModel model = OpenAiEndpoint.fromEnvironment(args.length >= 1, "LogIncidents LOG_FILE [QUESTION]");
        var incidents = new LogIncidents(model);
        PrismRun run = incidents.read(Files.readAllLines(Path.of(args[0])), 200);
        System.out.println("memory: " + run.memory().render());
        System.out.println("updates applied: " + run.applied() + ", refused: " + run.rejected().size());
        String question = args.length > 1 ? args[1] : "Which service logged the most errors, and what was its first error?";
        System.out.println(question + " " + incidents.answer(run.memory(), question));
    }
}
