package dev.mnemos.kernel.testing;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentStore;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.core.BlockVersion;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.RecallStore;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A test double of the storage SPI, all in memory behind one lock: enough of each contract for the
 * kernel's tests (idempotent commits by step id, version checks, idempotent interrupts). Crash tests
 * use the SQLite engine instead; this one forgets everything with the JVM.
 */
public final class InMemoryStore implements MemoryStore {

    private final Map<AgentKey, Agent> agents = new LinkedHashMap<>();
    private EmbeddingSpace space;
    private int commits;

    private static final class Agent {
        AgentRecord record;
        final Map<String, Block> blocks = new TreeMap<>();
        final Map<String, List<BlockVersion>> history = new HashMap<>();
        final List<Message> messages = new ArrayList<>();
        final Map<String, Message> byId = new HashMap<>();
        final List<Passage> passages = new ArrayList<>();
        final Map<String, QueuedInterrupt> queue = new LinkedHashMap<>();
        final Set<String> consumed = new HashSet<>();
        final Set<String> steps = new HashSet<>();

        Agent(AgentRecord record) {
            this.record = record;
        }
    }

    /** How many step commits were stored (not counting repeats). */
    public synchronized int commits() {
        return commits;
    }

    private <T> Uni<T> locked(Supplier<T> work) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                return work.get();
            }
        });
    }

    private Agent agent(AgentKey key) {
        Agent a = agents.get(key);
        if (a == null) {
            throw new NoSuchAgentException("no agent " + key);
        }
        return a;
    }

    @Override
    public AgentStore agents() {
        return new AgentStore() {
            @Override
            public Uni<AgentRecord> create(AgentRecord agent) {
                return locked(() -> {
                    if (agents.containsKey(agent.key())) {
                        throw new MemoryException("agent " + agent.key() + " exists");
                    }
                    var stored = new AgentRecord(agent.key(), agent.name(), agent.type(), agent.config(), agent.state(), 1,
                            agent.createdAt(), agent.updatedAt());
                    agents.put(agent.key(), new Agent(stored));
                    return stored;
                });
            }

            @Override
            public Uni<Optional<AgentRecord>> get(AgentKey key) {
                return locked(() -> Optional.ofNullable(agents.get(key)).map(a -> a.record));
            }

            @Override
            public Uni<List<AgentRecord>> list(String organization) {
                return locked(() -> agents.values().stream().map(a -> a.record)
                        .filter(r -> r.key().organization().equals(organization))
                        .sorted(Comparator.comparing(r -> r.key().agent())).toList());
            }

            @Override
            public Uni<AgentRecord> update(AgentRecord agent) {
                return locked(() -> {
                    Agent a = agent(agent.key());
                    if (a.record.version() != agent.version()) {
                        throw new MemoryException("agent " + agent.key() + " moved on");
                    }
                    a.record = new AgentRecord(agent.key(), agent.name(), agent.type(), agent.config(), a.record.state(),
                            agent.version() + 1, a.record.createdAt(), agent.updatedAt());
                    return a.record;
                });
            }

            @Override
            public Uni<Boolean> delete(AgentKey key) {
                return locked(() -> agents.remove(key) != null);
            }
        };
    }

    @Override
    public BlockStore blocks() {
        return new BlockStore() {
            @Override
            public Uni<List<Block>> blocks(AgentKey agent) {
                return locked(() -> List.copyOf(agent(agent).blocks.values()));
            }

            @Override
            public Uni<Block> create(AgentKey agent, Block block) {
                return locked(() -> {
                    Agent a = agent(agent);
                    if (a.blocks.containsKey(block.label())) {
                        throw new BlockEditException("block " + block.label() + " exists");
                    }
                    return store(a, block, 1, "");
                });
            }

            @Override
            public Uni<Block> edit(AgentKey agent, String label, BlockEdit edit) {
                return locked(() -> {
                    Agent a = agent(agent);
                    Block block = a.blocks.get(label);
                    if (block == null) {
                        throw new BlockEditException("no block " + label);
                    }
                    return store(a, edit.apply(block), block.version() + 1, "");
                });
            }

            @Override
            public Uni<List<BlockVersion>> history(AgentKey agent, String label) {
                return locked(() -> List.copyOf(agent(agent).history.getOrDefault(label, List.of())));
            }

            @Override
            public Uni<Block> revert(AgentKey agent, String label, long version) {
                return locked(() -> {
                    Agent a = agent(agent);
                    BlockVersion old = a.history.get(label).stream().filter(v -> v.version() == version).findFirst().orElseThrow();
                    Block block = a.blocks.get(label);
                    return store(a, block.withValue(old.value()), block.version() + 1, "");
                });
            }
        };
    }

    private static Block store(Agent a, Block block, long version, String stepId) {
        Block stored = new Block(block.label(), block.value(), block.limit(), block.readOnly(), block.description(), version);
        a.blocks.put(stored.label(), stored);
        a.history.computeIfAbsent(stored.label(), k -> new ArrayList<>())
                .add(new BlockVersion(stored.label(), version, stored.value(), Instant.now(), stepId));
        return stored;
    }

    @Override
    public RecallStore recall() {
        return new RecallStore() {
            @Override
            public Uni<List<Message>> append(AgentKey agent, List<Message> messages) {
                return locked(() -> appendAll(agent(agent), messages));
            }

            @Override
            public Uni<RecallPage> search(AgentKey agent, RecallQuery query) {
                return locked(() -> {
                    List<String> words = query.text() == null ? List.of()
                            : List.of(query.text().toLowerCase(Locale.ROOT).split("\\W+"));
                    List<Message> matches = agent(agent).messages.stream()
                            .filter(m -> query.roles().isEmpty() || query.roles().contains(m.role()))
                            .filter(m -> query.from() == null || !m.createdAt().isBefore(query.from()))
                            .filter(m -> query.to() == null || m.createdAt().isBefore(query.to()))
                            .filter(m -> words.stream().allMatch(w -> w.isEmpty() || m.content().toLowerCase(Locale.ROOT).contains(w)))
                            .sorted(query.order() == RecallQuery.Order.OLDEST_FIRST
                                    ? Comparator.comparingLong(Message::sequence)
                                    : Comparator.comparingLong(Message::sequence).reversed())
                            .toList();
                    List<Message> page = matches.stream().skip(query.offset()).limit(query.limit()).toList();
                    return new RecallPage(page, matches.size());
                });
            }

            @Override
            public Uni<List<Message>> byIds(AgentKey agent, List<String> ids) {
                return locked(() -> ids.stream().map(agent(agent).byId::get).filter(m -> m != null).toList());
            }

            @Override
            public Uni<Long> count(AgentKey agent) {
                return locked(() -> (long) agent(agent).messages.size());
            }

            @Override
            public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
                return locked(() -> agent(agent).messages.isEmpty() ? Optional.empty()
                        : Optional.of(agent(agent).messages.getLast().createdAt()));
            }
        };
    }

    private static List<Message> appendAll(Agent a, List<Message> messages) {
        List<Message> out = new ArrayList<>();
        for (Message m : messages) {
            Message stored = a.byId.get(m.id());
            if (stored == null) {
                stored = m.withSequence(a.messages.size() + 1);
                a.messages.add(stored);
                a.byId.put(stored.id(), stored);
            }
            out.add(stored);
        }
        return out;
    }

    @Override
    public ArchivalStore archival() {
        return new ArchivalStore() {
            @Override
            public Uni<Optional<EmbeddingSpace>> space() {
                return locked(() -> Optional.ofNullable(space));
            }

            @Override
            public Uni<List<Passage>> insert(AgentKey agent, EmbeddingSpace given, List<Passage> passages) {
                return locked(() -> insertAll(agent(agent), given, passages));
            }

            @Override
            public Uni<List<ScoredPassage>> search(AgentKey agent, EmbeddingSpace given, float[] query, ArchivalQuery filters) {
                return locked(() -> {
                    if (space != null && !space.equals(given)) {
                        throw new EmbeddingSpaceMismatchException("another space");
                    }
                    return agent(agent).passages.stream()
                            .filter(p -> filters.tags().isEmpty() || p.tags().stream().anyMatch(filters.tags()::contains))
                            .map(p -> new ScoredPassage(p, cosine(query, p.embedding())))
                            .sorted(Comparator.comparingDouble(ScoredPassage::score).reversed())
                            .skip(filters.offset()).limit(filters.topK()).toList();
                });
            }

            @Override
            public Uni<Long> count(AgentKey agent) {
                return locked(() -> (long) agent(agent).passages.size());
            }

            @Override
            public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
                return locked(() -> agent(agent).passages.isEmpty() ? Optional.empty()
                        : Optional.of(agent(agent).passages.getLast().createdAt()));
            }

            @Override
            public Uni<Boolean> delete(AgentKey agent, String passageId) {
                return locked(() -> agent(agent).passages.removeIf(p -> p.id().equals(passageId)));
            }
        };
    }

    private List<Passage> insertAll(Agent a, EmbeddingSpace given, List<Passage> passages) {
        if (space != null && !space.equals(given)) {
            throw new EmbeddingSpaceMismatchException("another space");
        }
        space = given;
        for (Passage p : passages) {
            if (a.passages.stream().noneMatch(q -> q.id().equals(p.id()))) {
                a.passages.add(p);
            }
        }
        return passages;
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
    }

    @Override
    public InterruptStore interrupts() {
        return new InterruptStore() {
            @Override
            public Uni<Void> enqueue(AgentKey agent, QueuedInterrupt interrupt) {
                return locked(() -> {
                    enqueueOne(agent(agent), interrupt);
                    return null;
                });
            }

            @Override
            public Uni<List<QueuedInterrupt>> due(AgentKey agent, Instant now, int limit) {
                return locked(() -> agent(agent).queue.values().stream()
                        .filter(q -> !q.dueAt().isAfter(now))
                        .sorted(Comparator.comparing(QueuedInterrupt::dueAt))
                        .limit(limit).toList());
            }

            @Override
            public Uni<List<AgentKey>> agentsWithDueInterrupts(Instant now, int limit) {
                return locked(() -> agents.entrySet().stream()
                        .filter(e -> e.getValue().queue.values().stream().anyMatch(q -> !q.dueAt().isAfter(now)))
                        .map(Map.Entry::getKey).limit(limit).toList());
            }

            @Override
            public Uni<Instant> nextDue(AgentKey agent) {
                return locked(() -> agent(agent).queue.values().stream().map(QueuedInterrupt::dueAt).min(Comparator.naturalOrder()).orElse(null));
            }

            @Override
            public Uni<Void> acknowledge(AgentKey agent, List<String> ids) {
                return locked(() -> {
                    Agent a = agent(agent);
                    ids.forEach(id -> {
                        a.queue.remove(id);
                        a.consumed.add(id);
                    });
                    return null;
                });
            }
        };
    }

    private static void enqueueOne(Agent a, QueuedInterrupt interrupt) {
        if (!a.consumed.contains(interrupt.id())) {
            a.queue.putIfAbsent(interrupt.id(), interrupt);
        }
    }

    @Override
    public Uni<StepCommit.Outcome> commit(StepCommit commit) {
        return locked(() -> {
            Agent a = agent(commit.agent());
            if (a.steps.contains(commit.stepId())) {
                return StepCommit.Outcome.ALREADY_COMMITTED;
            }
            if (a.record.version() != commit.expectedAgentVersion()) {
                throw new MemoryException("agent " + commit.agent() + " is at version " + a.record.version()
                        + ", the step read " + commit.expectedAgentVersion());
            }
            for (Block b : commit.blocks()) {
                Block stored = a.blocks.get(b.label());
                if (stored == null || stored.version() != b.version()) {
                    throw new MemoryException("block " + b.label() + " moved on");
                }
            }
            for (Block b : commit.blocks()) {
                store(a, b, b.version() + 1, commit.stepId());
            }
            appendAll(a, commit.messages());
            if (!commit.passages().isEmpty()) {
                insertAll(a, commit.space(), commit.passages());
            }
            commit.acknowledged().forEach(id -> {
                a.queue.remove(id);
                a.consumed.add(id);
            });
            commit.enqueued().forEach(q -> enqueueOne(a, q));
            AgentRecord r = a.record;
            a.record = new AgentRecord(r.key(), r.name(), r.type(), r.config(), commit.state(), r.version() + 1, r.createdAt(), Instant.now());
            a.steps.add(commit.stepId());
            commits++;
            return StepCommit.Outcome.COMMITTED;
        });
    }

    @Override
    public Uni<List<String>> checkIntegrity() {
        return Uni.createFrom().item(List.of());
    }

    @Override
    public void close() {}
}
