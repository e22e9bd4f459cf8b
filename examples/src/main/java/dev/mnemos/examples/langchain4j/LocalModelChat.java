/*
 * Embedding mnemos in a plain LangChain4j program: an AiServices interface, nothing more, with
 * - mnemos' own inference core running a local GGUF model as an ordinary LangChain4j ChatModel
 *   (LocalModel + LocalChatModel);
 * - mnemos recall storage as the AI service's chat memory (RecallChatMemory, one history per
 *   @MemoryId): every turn is kept in SQLite, so the service remembers across runs;
 * - mnemos archival memory (passages with embeddings, MiniLM in process) as its ContentRetriever:
 *   the passage nearest the question goes into the user message as context.
 * No agent, no kernel.
 *
 *   examples/run dev.mnemos.examples.langchain4j.LocalModelChat notes.db
 *
 * Arguments, all optional: the database (default: a fresh temporary file), the question, and the
 * GGUF file (default stories260K.gguf in ../shared/models). Run it twice on one database: the
 * second run's model sees the first run's turns.
 */
package dev.mnemos.examples.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

public final class LocalModelChat {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** The AI service: LangChain4j implements it; {@code user} picks the history (and the notes) it works with. */
    public interface Assistant {
        Result<String> chat(@MemoryId String user, @UserMessage String text);
    }

    /** What one question produced: the notes used as context, best first, the model's answer and its length. */
    public record Answer(List<String> context, String text, int outputTokens) {}

    private final MemoryStore store;
    private final ArchivalMemory notes;
    private final Assistant assistant;

    /** The AI service on {@code chat}, remembering in {@code store}: the newest {@code window} turns, answers of at most {@code maxTokens}. */
    public LocalModelChat(ChatModel chat, MemoryStore store, int window, int maxTokens) {
        this.store = store;
        this.notes = ArchivalMemory.withDefaultModel(store.archival());
        this.assistant = AiServices.builder(Assistant.class)
                .chatModel(chat)
                .chatRequestTransformer(request -> request.toBuilder()
                        .parameters(request.parameters().overrideWith(ChatRequestParameters.builder().maxOutputTokens(maxTokens).build())).build())
                .chatMemoryProvider(user -> new RecallChatMemory(store.recall(), owner(user.toString()), window))
                .contentRetriever(query -> notes.search(owner(query.metadata().chatMemoryId().toString()), query.text(), ArchivalQuery.top(1))
                        .await().atMost(TIMEOUT).stream().map(p -> Content.from(p.passage().text())).toList())
                .storeRetrievedContentInChatMemory(false)
                .build();
    }

    /** Files {@code texts} in the user's archival memory, one passage each. */
    public void remember(String user, String... texts) {
        notes.insert(owner(user), texts).await().atMost(TIMEOUT);
    }

    /** How many notes the user has filed. */
    public long notes(String user) {
        return store.archival().count(owner(user)).await().atMost(TIMEOUT);
    }

    /** How many turns the user's history holds, across every run. */
    public long turns(String user) {
        return store.recall().count(owner(user)).await().atMost(TIMEOUT);
    }

    public Answer ask(String user, String question) {
        Result<String> result = assistant.chat(user, question);
        return new Answer(result.sources().stream().map(c -> c.textSegment().text()).toList(), result.content(),
                result.tokenUsage().outputTokenCount());
    }

    /** Each user is an agent of mnemos (its recall and archival memory belong to it), created on first use. */
    private AgentKey owner(String user) {
        AgentKey key = new AgentKey("langchain4j", user);
        if (store.agents().get(key).await().atMost(TIMEOUT).isEmpty()) {
            store.agents().create(new AgentRecord(key, user, "chat", null, null, 0, Instant.now(), null)).await().atMost(TIMEOUT);
        }
        return key;
    }

    public static void main(String[] args) throws Exception {
        Path database = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("notes-", ".db");
        String question = args.length > 1 ? args[1] : "What does Lily play with?";
        Path gguf = args.length > 2 ? Path.of(args[2])
                : Path.of(System.getProperty("mnemos.shared.models", "../shared/models"), "stories260K.gguf");
        try (LocalModel model = LocalModel.open(gguf, LocalModel.Options.defaults());
             SqliteMemoryStore store = SqliteMemoryStore.open(database)) {
            var chat = new LocalModelChat(LocalChatModel.of(model, SamplerConfig.greedy()), store, 6, 32);
            if (chat.notes("ada") == 0) {
                chat.remember("ada", "Lily has a big red ball and plays with it in the park.",
                        "Tom is a small dog who sleeps under the table.",
                        "The baker sells warm bread every morning.");
            }
            long before = chat.turns("ada");
            Answer answer = chat.ask("ada", question);
            System.out.println("remembered: " + before + " turns from earlier runs");
            System.out.println("context:    " + answer.context());
            System.out.println("answer:     " + answer.text().strip());
        }
    }
}
