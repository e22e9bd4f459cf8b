/*
 * Embedding mnemos in a plain LangChain4j program. Two pieces of mnemos, nothing else of it:
 * - mnemos' own inference core runs a local GGUF model as an ordinary LangChain4j ChatModel
 *   (LocalModel + LocalChatModel), so any LangChain4j code can use it;
 * - mnemos archival memory (passages with embeddings in SQLite, MiniLM in-process) is searched for
 *   the question first, and the best passages go into the system message as context.
 * No agent, no kernel: one ChatRequest per question.
 *
 *   ./mvnw -q -pl examples exec:exec -Dexec.mainClass=dev.mnemos.examples.langchain4j.LocalModelChat
 *
 * Arguments, all optional: the GGUF file (default stories260K.gguf in ../shared/models), the
 * database (default: a fresh temporary file) and the question.
 */
package dev.mnemos.examples.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

public record LocalModelChat(ChatModel chat, ArchivalMemory memory, AgentKey owner) {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** What one question produced: the passages used as context, best first, and the model's answer. */
    public record Answer(List<String> context, String text, int outputTokens) {}

    /** Archival memory of {@code owner} in {@code store} (the owner is created on first use), in front of {@code chat}. */
    public static LocalModelChat open(ChatModel chat, MemoryStore store, AgentKey owner) {
        if (store.agents().get(owner).await().atMost(TIMEOUT).isEmpty()) {
            store.agents().create(new AgentRecord(owner, owner.agent(), "notes", null, null, 0, Instant.now(), null))
                    .await().atMost(TIMEOUT);
        }
        return new LocalModelChat(chat, ArchivalMemory.withDefaultModel(store.archival()), owner);
    }

    /** Files {@code notes} in archival memory, one passage each. */
    public void remember(String... notes) {
        memory.insert(owner, notes).await().atMost(TIMEOUT);
    }

    /** Searches archival memory for the question, then asks the model with the best {@code k} passages as context. */
    public Answer ask(String question, int k, int maxTokens) {
        List<String> context = memory.search(owner, question, ArchivalQuery.top(k)).await().atMost(TIMEOUT).stream()
                .map(ScoredPassage::passage).map(p -> p.text()).toList();
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from("Use what you know:\n" + String.join("\n", context)), UserMessage.from(question))
                .maxOutputTokens(maxTokens).build();
        ChatResponse response = chat.chat(request);
        return new Answer(context, response.aiMessage().text(), response.tokenUsage().outputTokenCount());
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(System.getProperty("mnemos.shared.models", "../shared/models"));
        Path gguf = args.length > 0 ? Path.of(args[0]) : models.resolve("stories260K.gguf");
        Path database = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("notes-", ".db");
        String question = args.length > 2 ? args[2] : "What does Lily play with?";
        try (LocalModel model = LocalModel.open(gguf, LocalModel.Options.defaults());
             SqliteMemoryStore store = SqliteMemoryStore.open(database)) {
            var example = open(LocalChatModel.of(model, SamplerConfig.greedy()), store, new AgentKey("examples", "notes"));
            if (store.archival().count(example.owner()).await().atMost(TIMEOUT) == 0) {
                example.remember("Lily has a big red ball and plays with it in the park.",
                        "Tom is a small dog who sleeps under the table.",
                        "The baker sells warm bread every morning.");
            }
            Answer answer = example.ask(question, 1, 48);
            System.out.println("context: " + answer.context());
            System.out.println("answer:  " + answer.text().strip());
        }
    }
}
