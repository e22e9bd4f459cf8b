package dev.mnemos.agents;

import static dev.mnemos.agents.ScriptedModel.call;
import static dev.mnemos.agents.ScriptedModel.lastToolResult;
import static dev.mnemos.agents.ScriptedModel.lastUserText;
import static dev.mnemos.agents.ScriptedModel.say;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with a scripted LLM: a document agent reads a 100-page PDF (written here) and answers from one page of it, by archival search and by walking the document's tree. */
class DocumentAgentTest {

    private static final AgentKey READER = new AgentKey("acme", "reader");
    private static final Pattern PASSWORD = Pattern.compile("password is ([A-Z]+-\\d+)");

    @TempDir
    Path dir;

    /** 100 pages about a harbour town; page 73 alone says the lighthouse keeper's password. */
    private Path hundredPages() throws Exception {
        Path file = dir.resolve("harbour-chronicle.pdf");
        try (var pdf = new PDDocument()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int page = 1; page <= 100; page++) {
                var p = new PDPage();
                pdf.addPage(p);
                try (var text = new PDPageContentStream(pdf, p)) {
                    text.beginText();
                    text.setFont(font, 10);
                    text.setLeading(13);
                    text.newLineAtOffset(50, 740);
                    text.showText("Chapter " + page + " of the harbour chronicle.");
                    for (int line = 0; line < 20; line++) {
                        text.newLine();
                        text.showText(page == 73 && line == 11
                                ? "At dusk the lighthouse keeper wrote it down: the password is AMBERGRIS-42, never to be shared."
                                : "The fishing boats of page " + page + " came in at noon, line " + line + ", and the nets were mended.");
                    }
                    text.endText();
                }
            }
            pdf.save(file.toFile());
        }
        return file;
    }

    /** Summaries say only whether the text mentions the password; a walk goes towards the one that does (as MemWalker would). */
    private static String reader(String prompt) {
        if (prompt.stripTrailing().endsWith("Summary:")) {
            return prompt.contains("password") ? "The keeper writes down a password." : "Boats, nets and the harbour.";
        }
        if (prompt.contains("Action: GO <number")) {
            String[] options = prompt.substring(prompt.indexOf("Summary 1:"), prompt.indexOf("Reply in exactly")).split("Summary \\d+:");
            for (int i = 1; i < options.length; i++) {
                if (options[i].contains("password")) {
                    return "Reasoning: the keeper's password is there.\nAction: GO " + i;
                }
            }
            return "Reasoning: no password here.\nAction: BACK";
        }
        Matcher found = PASSWORD.matcher(prompt);
        return found.find() ? "Reasoning: written here.\nAction: ANSWER " + found.group(1) : "Reasoning: not here.\nAction: BACK";
    }

    private static AiMessage librarian(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("Walk the chronicle")) {
            return call("memory_walk", Map.of("query", "What password did the keeper write down?", "tree", "doc:harbour-chronicle.pdf",
                    "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat") && lastToolResult(request).contains("Answer: ")) {
            String walked = lastToolResult(request);
            return say("The walk found " + walked.substring(walked.indexOf("Answer: ") + 8, walked.indexOf('\n', walked.indexOf("Answer: "))) + ".");
        }
        if (last.startsWith("What is the lighthouse keeper's password")) {
            return call("archival_memory_search", Map.of("query", "the lighthouse keeper's password", "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat")) {
            Matcher found = PASSWORD.matcher(lastToolResult(request));
            return say(found.find() ? "The password is " + found.group(1) + "." : "The document does not tell.");
        }
        return last.startsWith("[system]") ? AiMessage.from("noted") : say("Ask me about the document.");
    }

    @Test
    void should_answer_from_one_page_by_search_and_by_walking_when_a_100_page_pdf_was_ingested() throws Exception {
        var model = new ScriptedModel(DocumentAgentTest::librarian, DocumentAgentTest::reader);
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, model, new WordHashEmbeddings(), ToolRegistry.standard(),
                     new TreeShape(1000, 5), b -> b)) {
            var agent = new DocumentAgent(runtime);
            agent.spawn(READER, "Reader", AgentConfig.DEFAULT);

            DocumentAgent.Ingested ingested = agent.ingest(READER, hundredPages());
            var reply = runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(READER, "What is the lighthouse keeper's password?");

            var walked = runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(READER, "Walk the chronicle to find the keeper's password.");

            assertThat(reply.messages()).containsExactly("The password is AMBERGRIS-42.");
            assertThat(walked.messages()).containsExactly("The walk found AMBERGRIS-42.");
            assertThat(ingested.pages()).isEqualTo(100);
            assertThat(ingested.treeId()).isEqualTo("doc:harbour-chronicle.pdf");
            assertThat(ingested.treeDepth()).isGreaterThan(2);
            assertThat(store.archival().count(READER).await().atMost(AgentRuntime.TIMEOUT)).isEqualTo(ingested.passages());
            var process = runtime.kernel().blocking(AgentRuntime.TIMEOUT).process(READER);
            assertThat(process.config().systemPrompt()).contains("- doc:harbour-chronicle.pdf");
            assertThat(process.config().tools()).contains("memory_walk", "archival_memory_search");
        }
    }
}
