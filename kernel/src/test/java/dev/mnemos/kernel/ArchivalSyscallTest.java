package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ArchivalSyscallTest {

    /** A test double: a bag-of-words embedding over 64 hashed buckets, so texts sharing words are close. */
    private static final EmbeddingModel WORDS = new EmbeddingModel() {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(segments.stream().map(s -> {
                float[] v = new float[64];
                for (String w : s.text().toLowerCase(Locale.ROOT).split("\\W+")) {
                    if (!w.isEmpty()) {
                        v[Math.floorMod(w.hashCode(), 64)] += 1;
                    }
                }
                return Embedding.from(v);
            }).toList());
        }

        @Override
        public int dimension() {
            return 64;
        }

        @Override
        public String modelName() {
            return "bag-of-words-64";
        }
    };

    @Test
    void should_find_a_passage_again_when_it_was_inserted_in_an_earlier_step() {
        var model = new ScriptedChatModel()
                .thenCall("archival_memory_insert", "{\"content\": \"Ada's cat is called Pixel\", \"tags\": [\"pets\"]}")
                .thenCall("archival_memory_insert", "{\"content\": \"The train leaves at nine\"}")
                .thenCall("archival_memory_search", "{\"query\": \"what is the cat called\", \"request_heartbeat\": true}")
                .thenCall("send_message", "{\"message\": \"Pixel\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.embeddingModel(WORDS))) {
            t.blocking().send(t.agent(), "My cat is Pixel");
            t.blocking().send(t.agent(), "The train leaves at nine");

            Reply reply = t.blocking().send(t.agent(), "What is my cat called?");

            assertThat(reply.messages()).containsExactly("Pixel");
            String found = Requests.toolResults(model.requests().getLast()).getLast();
            assertThat(found).startsWith("Results 1-2").contains("Ada's cat is called Pixel");
            assertThat(found.indexOf("Pixel")).isLessThan(found.indexOf("train"));
            assertThat(t.blocking().process(t.agent()).statistics().archivalPassages()).isEqualTo(2);
        }
    }
}
