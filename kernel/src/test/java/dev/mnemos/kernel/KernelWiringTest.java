package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.memory.sqlite.SqliteDatabase;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel reaches a LangChain4j ChatModel, Mutiny and the memory tiers (ArchUnit keeps the inference core out). */
class KernelWiringTest {

    @TempDir
    Path dir;

    /** A test double: answers every request by echoing the last user message in upper case. */
    private static final ChatModel SHOUTING_MODEL = new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            var last = (UserMessage) request.messages().getLast();
            return ChatResponse.builder().aiMessage(AiMessage.from(last.singleText().toUpperCase())).build();
        }
    };

    @Test
    void should_reach_a_chat_model_and_the_memory_tiers() throws Exception {
        String reply = Uni.createFrom().item(() -> SHOUTING_MODEL.chat("remember me")).await().indefinitely();
        assertThat(reply).isEqualTo("REMEMBER ME");
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("kernel.db"))) {
            assertThat(db.journalMode()).isEqualTo("wal");
        }
    }
}
