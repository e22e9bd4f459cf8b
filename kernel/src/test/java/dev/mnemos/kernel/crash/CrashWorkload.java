package dev.mnemos.kernel.crash;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;

import dev.langchain4j.data.message.AiMessage;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel process that {@link CrashRecoveryTest} kills: a kernel on a SQLite file, a quick
 * scripted model that answers "message N" with send_message("reply to message N"), and a stream of
 * user messages "message N" (interrupt id {@code msg-N}) delivered every few milliseconds.
 *
 * <p>It prints {@code ACK N} once message N is persisted (its delivery acknowledged),
 * {@code REPLY N} once the step answering it is committed (the reply acknowledged), and
 * {@code STEP id} / {@code COMMIT id} as each step starts and commits. Arguments: the
 * database file, the first N, how many to deliver, and {@code run} (deliver and go on until
 * killed) or {@code drain} (deliver, wait until every queued interrupt is consumed, print
 * {@code DONE} and exit).
 */
public final class CrashWorkload {

    static final AgentKey AGENT = new AgentKey("crash", "agent");

    public static void main(String[] args) throws Exception {
        run(args);
        // Pools outside the kernel (the store's, Mutiny's default one) keep idle threads alive for a minute.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        boolean drain = args[3].equals("drain");
        // A model as quick as a small local one, so that most kills land inside a step.
        var model = new ScriptedChatModel().delay(15).otherwise(CrashWorkload::answer);
        try (var store = SqliteMemoryStore.open(file);
                Kernel kernel = Kernel.builder().store(store).chatModel(model).sweepInterval(Duration.ofMillis(50)).build()) {
            Map<String, Boolean> answered = new ConcurrentHashMap<>();
            kernel.events(AGENT).subscribe().with(event -> {
                switch (event) {
                    case StepEvent.Started s -> say("STEP " + s.step().stepId());
                    case StepEvent.AssistantMessage m -> answered.put(event.step().stepId(), true);
                    case StepEvent.Committed c when answered.remove(event.step().stepId()) != null
                            && event.step().origin().startsWith("msg-") -> say("REPLY " + event.step().origin().substring(4));
                    default -> { }
                }
                if (event instanceof StepEvent.Committed c) {
                    say("COMMIT " + c.step().stepId());
                }
            });
            kernel.start().await().atMost(Duration.ofSeconds(30));
            say("READY");
            for (int n = first; n < first + count; n++) {
                kernel.deliver(AGENT, new Interrupt.UserMessage("msg-" + n, "message " + n, null)).await().atMost(Duration.ofSeconds(30));
                say("ACK " + n);
                Thread.sleep(3);
            }
            if (drain) {
                Instant later = Instant.now().plus(Duration.ofDays(1));
                while (!store.interrupts().due(AGENT, later, 1).await().atMost(Duration.ofSeconds(30)).isEmpty()) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                say("DONE");
                return;
            }
            Thread.sleep(Duration.ofMinutes(5));
        }
    }

    private static AiMessage answer(dev.langchain4j.model.chat.request.ChatRequest request) {
        String last = Requests.lastText(request);
        if (last.startsWith("message ")) {
            return call("send_message", "{\"message\": \"reply to " + last + "\"}");
        }
        return AiMessage.from("noted");
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
