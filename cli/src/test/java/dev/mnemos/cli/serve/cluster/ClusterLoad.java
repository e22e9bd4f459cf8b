package dev.mnemos.cli.serve.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Clients of a deployment of {@code mnemos serve} nodes, as the cluster test and the load test
 * drive it: {@code streams} concurrent SSE streams, each sending one message at a time to one of
 * its agents through a node picked at random, each message under an id of its own. A client whose
 * node dies (or whose stream ends before the chain does) sends the same message, same id, to a
 * live node. No read outlasts the phase's deadline ({@link Deadline}): a stream open then is closed
 * and reported. Afterwards every agent's history is read back: each message must be stored exactly
 * once and answered.
 */
final class ClusterLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one phase measured; latency is from the first send of a message to the end of its answered stream.
     * {@code stuck} describes each SSE stream still open at the phase's deadline (closed then): its agent,
     * message, node and what it had heard.
     */
    record Figures(String phase, int agents, int streams, double seconds, int sent, int acknowledged, int answered, int unfinished,
                   int lost, int duplicated, int steps, long p50Millis, long p99Millis, int retried, List<String> stuck) {

        double stepsPerSecond() {
            return steps / seconds;
        }

        @Override
        public String toString() {
            return String.format("%s: %d agents, %d SSE streams, %.1f s: %d messages sent, %d acknowledged, %d answered, %d unfinished, "
                            + "%d retried on another node; %.1f steps/s; latency p50 %d ms, p99 %d ms; lost=%d duplicated=%d%s",
                    phase, agents, streams, seconds, sent, acknowledged, answered, unfinished, retried, stepsPerSecond(), p50Millis, p99Millis,
                    lost, duplicated, stuck.isEmpty() ? "" : "; " + stuck.size() + " streams open at the deadline, e.g. "
                            + stuck.subList(0, Math.min(3, stuck.size())));
        }
    }

    /** One message and what its client saw. */
    private static final class Sent {
        final String agent;
        final String id;
        final String text;
        volatile boolean acknowledged;
        volatile boolean answeredOnStream;
        volatile boolean finished;
        volatile long millis;
        volatile int attempts;

        Sent(String agent, String id) {
            this.agent = agent;
            this.id = id;
            this.text = "load " + id;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ServeNode> nodes;
    private final Set<ServeNode> dead = ConcurrentHashMap.newKeySet();
    private final List<String> agents = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    ClusterLoad(List<ServeNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Creates {@code count} agents, each through a node picked in turn. */
    void createAgents(int count) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = "agent-" + i;
                ServeNode node = nodes.get(i % nodes.size());
                created.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(post(node.uri().resolve("/api/agents"),
                            JSON.createObjectNode().put("id", id).put("name", "Agent " + id).put("human", "a load test").toString()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("cannot create " + id + ": " + response.statusCode() + " " + response.body());
                    }
                    return id;
                }));
            }
            for (Future<String> f : created) {
                agents.add(f.get(2, TimeUnit.MINUTES));
            }
        }
    }

    /**
     * Runs the clients for {@code length}, then lets the messages in flight finish (up to {@code drain});
     * when {@code victim} is given, it is killed (SIGKILL) {@code killAfter} into the phase.
     */
    Figures run(String phase, int streams, Duration length, Duration drain, ServeNode victim, Duration killAfter) throws Exception {
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        Set<String> steps = ConcurrentHashMap.newKeySet();
        AtomicInteger retried = new AtomicInteger();
        List<String> stuck = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long stopSending = start + length.toNanos();
        long giveUp = stopSending + drain.toNanos();
        Deadline deadline = new Deadline(giveUp, stuck);
        try (deadline; ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < streams; w++) {
                List<String> mine = new ArrayList<>();
                for (int i = w; i < agents.size(); i += streams) {
                    mine.add(agents.get(i));
                }
                clients.submit(() -> {
                    for (int n = 0; System.nanoTime() < stopSending && !mine.isEmpty(); n++) {
                        Sent message = new Sent(mine.get(n % mine.size()), "m-" + sequence.incrementAndGet());
                        sent.add(message);
                        deliver(message, steps, retried, deadline);
                    }
                    return null;
                });
            }
            if (victim != null) {
                Thread.sleep(killAfter.toMillis());
                dead.add(victim);
                victim.kill();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return check(phase, streams, seconds, List.copyOf(sent), steps.size(), retried.get(), List.copyOf(stuck));
    }

    /** Sends the message through live nodes until a stream of it ends its chain, or the deadline comes. */
    private void deliver(Sent message, Set<String> steps, AtomicInteger retried, Deadline deadline) {
        long began = System.nanoTime();
        String body = JSON.createObjectNode().put("text", message.text).put("id", message.id).toString();
        while (deadline.remaining().isPositive()) {
            ServeNode node = live();
            message.attempts++;
            if (message.attempts > 1) {
                retried.incrementAndGet();
            }
            List<String> heard = new CopyOnWriteArrayList<>();
            try {
                HttpRequest request = post(node.uri().resolve("/api/agents/" + message.agent + "/messages/stream"), body)
                        .header("Accept", "text/event-stream").timeout(deadline.remaining()).build();
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    response.body().close();
                    pause();
                    continue;
                }
                boolean ended;
                try (Stream<String> lines = response.body();
                        Deadline.Watch watch = deadline.watch(lines, () -> "agent " + message.agent + ", message " + message.id + " through "
                                + node.name() + " (try " + message.attempts + "), heard " + heard)) {
                    ended = read(lines, message, steps, heard);
                }
                if (ended) {
                    message.finished = true;
                    message.millis = (System.nanoTime() - began) / 1_000_000;
                    return;
                }
            } catch (IOException | UncheckedIOException e) {
                // the node died, or is dying: the next try goes to a live one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
    }

    /** Reads one SSE stream; produces true when the chain of steps ended on it (or had ended before it: an empty stream). */
    private static boolean read(Stream<String> lines, Sent message, Set<String> steps, List<String> heard) throws IOException {
        boolean any = false;
        for (String line : (Iterable<String>) lines::iterator) {
            if (!line.startsWith("data:")) {
                continue;
            }
            JsonNode event = JSON.readTree(line.substring(5));
            any = true;
            heard.add(event.path("type").asText());
            message.acknowledged = true;
            switch (event.path("type").asText()) {
                case "assistant_message" -> {
                    if (event.path("text").asText().equals("You said: " + message.text)) { // the scripted model's answer
                        message.answeredOnStream = true;
                    }
                }
                case "committed" -> {
                    steps.add(event.path("stepId").asText());
                    if (!event.path("heartbeat").asBoolean()) {
                        return true;
                    }
                }
                case "cancelled" -> {
                    return true;
                }
                case "failed" -> {
                    if (!event.path("retrying").asBoolean()) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        if (!any) {
            message.acknowledged = true; // answered before this try: the message is stored, its steps are over
            return true;
        }
        return false;
    }

    /** Reads every agent's history back through a live node: each message stored exactly once, and answered in its step. */
    private Figures check(String phase, int streams, double seconds, List<Sent> sent, int steps, int retried, List<String> stuck)
            throws Exception {
        Map<String, List<Sent>> byAgent = new ConcurrentHashMap<>();
        sent.forEach(s -> byAgent.computeIfAbsent(s.agent, a -> Collections.synchronizedList(new ArrayList<>())).add(s));
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger duplicated = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> reads = new ArrayList<>();
            for (var entry : byAgent.entrySet()) {
                reads.add(pool.submit(() -> {
                    JsonNode history = history(entry.getKey());
                    for (Sent s : entry.getValue()) {
                        List<String> stepIds = new ArrayList<>();
                        for (JsonNode m : history) {
                            if (m.path("message_type").asText().equals("user_message") && m.path("content").asText().equals(s.text)) {
                                stepIds.add(m.path("step_id").asText());
                            }
                        }
                        if (stepIds.isEmpty() && s.acknowledged) {
                            lost.incrementAndGet();
                        }
                        if (stepIds.size() > 1) {
                            duplicated.incrementAndGet();
                        }
                        boolean answeredInHistory = stepIds.size() == 1 && history.findValuesAsText("step_id").stream().filter(stepIds.getFirst()::equals).count() > 1;
                        if (s.finished && (s.answeredOnStream || answeredInHistory)) {
                            answered.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : reads) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        long[] latencies = sent.stream().filter(s -> s.finished).mapToLong(s -> s.millis).sorted().toArray();
        return new Figures(phase, byAgent.size(), streams, seconds, sent.size(), (int) sent.stream().filter(s -> s.acknowledged).count(),
                answered.get(), (int) sent.stream().filter(s -> !s.finished).count(), lost.get(), duplicated.get(), steps,
                percentile(latencies, 0.50), percentile(latencies, 0.99), retried, stuck);
    }

    private JsonNode history(String agent) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(live().uri().resolve("/v1/agents/" + agent + "/messages?limit=1000"))
                .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("history of " + agent + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The agents whose messages all went through: for the test's assertions. */
    List<String> agents() {
        return List.copyOf(agents);
    }

    private ServeNode live() {
        List<ServeNode> live = nodes.stream().filter(n -> !dead.contains(n)).toList();
        return live.get(ThreadLocalRandom.current().nextInt(live.size()));
    }

    private static HttpRequest.Builder post(URI uri, String json) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
