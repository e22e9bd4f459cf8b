package dev.mnemos.examples.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.recall.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A LangChain4j {@link ChatMemory} on mnemos recall storage: every turn is appended to the owner's history and kept
 * forever (so it outlives the program); the model is shown the newest {@code window} of them. The system message is
 * the program's, given again on every run, so it is held here and not stored. Text turns only: this memory refuses
 * tool calls and their results with a clear error rather than storing half of them.
 */
public final class RecallChatMemory implements ChatMemory {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final RecallStore recall;
    private final AgentKey owner;
    private final int window;
    private SystemMessage system;

    /** The history of {@code owner} (an agent that exists in the store), shown {@code window} messages at a time. */
    public RecallChatMemory(RecallStore recall, AgentKey owner, int window) {
        this.recall = recall;
        this.owner = owner;
        this.window = window;
    }

    @Override
    public Object id() {
        return owner.agent();
    }

    @Override
    public void add(ChatMessage message) {
        Role role = switch (message) {
            case SystemMessage s -> {
                system = s;
                yield null;
            }
            case UserMessage u when u.hasSingleText() -> Role.USER;
            case AiMessage a when !a.hasToolExecutionRequests() -> Role.ASSISTANT;
            default -> throw new IllegalArgumentException("recall chat memory keeps text turns only, not " + message.type());
        };
        if (role != null) {
            String text = role == Role.USER ? ((UserMessage) message).singleText() : ((AiMessage) message).text();
            recall.append(owner, List.of(Message.of(UUID.randomUUID().toString(), role, text, Instant.now(), "")))
                    .await().atMost(TIMEOUT);
        }
    }

    @Override
    public List<ChatMessage> messages() {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(system);
        }
        for (Message m : recall.search(owner, RecallQuery.newest(window)).await().atMost(TIMEOUT).messages().reversed()) {
            messages.add(m.role() == Role.USER ? UserMessage.from(m.content()) : AiMessage.from(m.content()));
        }
        return messages;
    }

    /** Forgets the system message only: recall keeps every message forever, and the history stays searchable. */
    @Override
    public void clear() {
        system = null;
    }
}
