package dev.mnemos.kernel.impl;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.cluster.ClusterNode;
import dev.mnemos.kernel.context.ContextOverflowException;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.kernel.context.ModelContext;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.interrupt.InterruptCodec;
import dev.mnemos.kernel.pager.RecursiveSummary;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.process.ProcessStatus;
import dev.mnemos.kernel.scheduler.Scheduler;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallTable;
import dev.mnemos.kernel.syscall.memgpt.MemGptSyscalls;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.Workers;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.core.Block;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default kernel: a process table over one store, a scheduler, timers and a sweep; on a node of
 * several ({@link ClusterNode}), leases decide which node steps an agent.
 */
public final class KernelImpl implements Kernel {

    private static final Logger LOG = Logger.getLogger(KernelImpl.class.getName());
    private static final int SWEEP_BATCH = 1000;

    private final KernelParts parts;
    private final ProcessLoader loader;
    private final Scheduler scheduler;
    private final ScheduledExecutorService timers;
    private final ExecutorService steps;
    private final int maxAttempts;
    private final Duration sweepInterval;
    private final StepWatchdog watchdog;
    private final Map<AgentKey, AgentProcess> processes = new ConcurrentHashMap<>();
    private final Map<AgentKey, StepControl> running = new ConcurrentHashMap<>();
    private final Map<AgentKey, ScheduledFuture<?>> wakeups = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** Null on a single node, as {@code leases}. */
    private final ClusterNode cluster;
    private final HeldLeases leases;
    /** The agents between taking their lease and their step's end, whose leases the renewal extends. */
    private final Set<AgentKey> stepping = ConcurrentHashMap.newKeySet();
    private final ChainEvents chains;
    private volatile AutoCloseable listening;

    public KernelImpl(MemoryStore store, ChatModel chatModel, StreamingChatModel streamingChatModel, TokenCountEstimator estimator,
            ModelContext modelContext, EmbeddingModel embeddings, Prompts prompts, List<Syscall> extraSyscalls, InstantSource clock, int maxConcurrentSteps,
            int maxConcurrentModelCalls, int maxAttempts, Duration sweepInterval, Duration stepBudget, ClusterNode cluster) {
        this.steps = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), Workers.daemons("mnemos-kernel"));
        this.timers = Executors.newSingleThreadScheduledExecutor(Workers.daemons("mnemos-timer"));
        this.watchdog = new StepWatchdog(stepBudget);
        var gate = new ModelGate(chatModel, streamingChatModel, maxConcurrentModelCalls);
        var renderer = new ContextRenderer(estimator, prompts, modelContext);
        var syscalls = SyscallTable.of(MemGptSyscalls.all(prompts), prompts).with(extraSyscalls);
        var summary = new RecursiveSummary(request -> gate.chat(request, text -> { }, new StepControl()), renderer, prompts);
        this.parts = new KernelParts(store, prompts, renderer, new AtomicReference<>(syscalls), gate, summary, embeddings,
                new EventHub(cluster == null ? event -> { } : cluster.peers()::publish), clock, steps);
        this.loader = new ProcessLoader(store, renderer);
        this.scheduler = new Scheduler(maxConcurrentSteps, steps, this::stepOnce);
        this.maxAttempts = maxAttempts;
        this.sweepInterval = sweepInterval;
        this.cluster = cluster;
        this.leases = cluster == null ? null : new HeldLeases(cluster, clock, processes::remove);
        this.chains = new ChainEvents(parts, timers, cluster == null ? null : cluster.leaseTtl());
    }

    @Override
    public Uni<AgentProcess> spawn(AgentKey agent, String name, String type, AgentConfig config, List<Block> blocks) {
        Instant now = parts.clock().instant();
        var record = new AgentRecord(agent, name, type, AgentConfigCodec.write(config), AgentState.NEW, 1, now, now);
        Uni<Void> created = parts.store().agents().create(record).replaceWithVoid();
        for (Block block : blocks) {
            created = created.chain(() -> parts.store().blocks().create(agent, block).replaceWithVoid());
        }
        return created.chain(() -> process(agent));
    }

    @Override
    public Uni<AgentProcess> process(AgentKey agent) {
        if (leases != null && !leases.holds(agent)) {
            return loader.load(agent); // another node may step it: what this one cached may be stale
        }
        AgentProcess cached = processes.get(agent);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return loader.load(agent).invoke(p -> processes.putIfAbsent(agent, p)).map(p -> processes.getOrDefault(agent, p));
    }

    @Override
    public Uni<AgentProcess> reconfigure(AgentKey agent, AgentConfig config) {
        return parts.store().agents().get(agent)
                .map(found -> found.orElseThrow(() -> new dev.mnemos.memory.NoSuchAgentException("there is no agent " + agent)))
                .chain(r -> parts.store().agents().update(new AgentRecord(r.key(), r.name(), r.type(), AgentConfigCodec.write(config),
                        r.state(), r.version(), r.createdAt(), parts.clock().instant())))
                .invoke(() -> processes.remove(agent))
                .chain(() -> process(agent));
    }

    @Override
    public Uni<String> deliver(AgentKey agent, Interrupt interrupt) {
        Instant now = parts.clock().instant();
        QueuedInterrupt queued = InterruptCodec.encode(interrupt, now);
        return parts.store().interrupts().enqueue(agent, queued)
                .invoke(() -> wake(agent, queued.dueAt()))
                .replaceWith(interrupt.id());
    }

    @Override
    public Uni<Reply> send(AgentKey agent, String text) {
        return send(agent, Interrupt.userMessage(text));
    }

    @Override
    public Uni<Reply> send(AgentKey agent, Interrupt.UserMessage message) {
        return stream(agent, message).collect().asList().map(events -> Reply.of(message.id(), events));
    }

    @Override
    public Multi<StepEvent> stream(AgentKey agent, Interrupt.UserMessage message) {
        return chains.of(agent, message, deliver(agent, message));
    }

    @Override
    public void addSyscall(Syscall syscall) {
        parts.table().updateAndGet(table -> table.withAdded(syscall));
    }

    @Override
    public Uni<Boolean> queued(AgentKey agent, String interruptId) {
        return parts.queue(agent).map(queued -> queued.stream().anyMatch(q -> q.id().equals(interruptId)));
    }

    @Override
    public Uni<ContextWindow> inspect(AgentKey agent) {
        return process(agent).map(p -> parts.renderer().render(p, parts.syscalls().specifications(p.config().tools()), parts.clock().instant()));
    }

    @Override
    public int windowTokens(AgentConfig config) {
        return parts.renderer().limit(config);
    }

    @Override
    public Uni<Boolean> cancel(AgentKey agent) {
        return Uni.createFrom().item(() -> {
            StepControl control = running.get(agent);
            return control != null && control.cancel();
        });
    }

    @Override
    public Multi<StepEvent> events(AgentKey agent) {
        return parts.events().events(agent);
    }

    @Override
    public Uni<Void> start() {
        return sweep().invoke(() -> {
            long every = sweepInterval.toMillis();
            timers.scheduleWithFixedDelay(() -> sweep().subscribe().with(v -> { }, e -> LOG.log(Level.WARNING, "interrupt sweep failed", e)),
                    every, every, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(watchdog::check, 1, 1, TimeUnit.SECONDS);
            if (cluster != null) {
                listening = cluster.peers().listen(scheduler::schedule, parts.events()::received);
                long renewal = Math.max(1, cluster.leaseTtl().toMillis() / 3);
                timers.scheduleWithFixedDelay(() -> leases.renew(stepping), renewal, renewal, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void close() {
        scheduler.close();
        timers.shutdownNow();
        running.values().forEach(StepControl::cancel);
        parts.gate().close();
        steps.shutdown();
        if (cluster != null) {
            try {
                if (listening != null) {
                    listening.close();
                }
            } catch (Exception e) {
                LOG.log(Level.FINE, "cannot stop listening to the other nodes", e);
            }
            leases.releaseAll(Duration.ofSeconds(1));
        }
    }

    /**
     * Schedules every agent with an interrupt due now. On a node of several, only the agents it holds
     * or can take (their lease lapsed: a dead node's); the holders of the others sweep their own.
     */
    private Uni<Void> sweep() {
        return parts.store().interrupts().agentsWithDueInterrupts(parts.clock().instant(), SWEEP_BATCH)
                .invoke(agents -> agents.forEach(agent -> {
                    if (leases == null || leases.holds(agent)) {
                        scheduler.schedule(agent);
                    } else {
                        leases.take(agent).subscribe().with(lease -> lease.ifPresent(l -> scheduler.schedule(agent)),
                                e -> LOG.log(Level.WARNING, "cannot take the lease of " + agent, e));
                    }
                }))
                .replaceWithVoid();
    }

    /** Schedules the agent now when {@code due} has come, else arms a timer for it. */
    private void wake(AgentKey agent, Instant due) {
        long delay = Duration.between(parts.clock().instant(), due).toMillis();
        if (delay <= 0) {
            scheduler.schedule(agent);
            return;
        }
        wakeups.compute(agent, (key, armed) -> {
            if (armed != null && !armed.isDone() && armed.getDelay(TimeUnit.MILLISECONDS) <= delay) {
                return armed;
            }
            if (armed != null) {
                armed.cancel(false);
            }
            return timers.schedule(() -> scheduler.schedule(agent), delay, TimeUnit.MILLISECONDS);
        });
    }

    /**
     * The scheduler's step: runs one step of the agent if an interrupt is due; produces whether it may
     * have more work. On a node of several, under the agent's lease: when another node holds it, that
     * node is asked to run the agent instead.
     */
    private Uni<Boolean> stepOnce(AgentKey agent) {
        if (leases == null) {
            return stepUnder(agent, 0);
        }
        // renewed from the take on, not only once the step runs: loading the process and its interrupt can outlast a lease
        stepping.add(agent);
        return leases.take(agent).chain(lease -> lease.isPresent() ? stepUnder(agent, lease.get().fence()) : forward(agent))
                .onTermination().invoke(() -> stepping.remove(agent));
    }

    /** Asks the holder of the agent's lease to run it; if the lease lapsed meanwhile, tries again here shortly. */
    private Uni<Boolean> forward(AgentKey agent) {
        return leases.holder(agent).map(holder -> {
            holder.filter(node -> !node.equals(cluster.id())).ifPresentOrElse(node -> cluster.peers().wake(node, agent),
                    () -> timers.schedule(() -> scheduler.schedule(agent), 50, TimeUnit.MILLISECONDS));
            return false;
        });
    }

    private Uni<Boolean> stepUnder(AgentKey agent, long fence) {
        Instant now = parts.clock().instant();
        return process(agent).chain(process -> parts.store().interrupts().due(agent, now, 1).chain(due -> {
            if (due.isEmpty()) {
                return sleep(agent).replaceWith(false);
            }
            QueuedInterrupt queued = due.getFirst();
            Interrupt interrupt;
            try {
                interrupt = InterruptCodec.decode(queued);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "dropping an interrupt of " + agent + " the kernel cannot read", e);
                return parts.store().interrupts().acknowledge(agent, List.of(queued.id())).replaceWith(true);
            }
            return run(process, interrupt, fence);
        }));
    }

    private Uni<Boolean> run(AgentProcess process, Interrupt interrupt, long fence) {
        AgentKey agent = process.key();
        StepControl control = new StepControl();
        running.put(agent, control);
        processes.put(agent, process.withStatus(ProcessStatus.RUNNING));
        Step step = new Step(parts, process.withStatus(ProcessStatus.RUNNING), interrupt, control, fence);
        watchdog.started(step.ref());
        int tried = attempts.getOrDefault(interrupt.id(), 0);
        String lastFailure = failures.getOrDefault(interrupt.id(), "");
        Uni<Step.Outcome> outcome = tried >= maxAttempts ? step.abandon("step.failed", Map.of("reason", lastFailure)) : step.run();
        return outcome
                .invoke(done -> {
                    watchdog.ended(step.ref());
                    running.remove(agent);
                    attempts.remove(interrupt.id());
                    failures.remove(interrupt.id());
                    if (done.process() == null) {
                        processes.remove(agent);
                    } else {
                        processes.put(agent, done.process());
                    }
                    // Announced only now, so that whoever hears of the commit finds the process updated.
                    if (done.committed() != null) {
                        parts.events().publish(done.committed());
                    } else if (control.cancelled()) {
                        parts.events().publish(new StepEvent.Cancelled(step.ref()));
                    } else {
                        parts.events().publish(new StepEvent.Failed(step.ref(), lastFailure, false));
                    }
                })
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    watchdog.ended(step.ref());
                    running.remove(agent);
                    processes.remove(agent);
                    String reason = String.valueOf(failure.getMessage());
                    failures.put(interrupt.id(), reason);
                    if (failure instanceof ContextOverflowException) {
                        // The same prompt would fail again: the next run records the interrupt as failed.
                        LOG.log(Level.WARNING, "step " + step.ref().stepId() + " does not fit the model: " + reason);
                        attempts.put(interrupt.id(), maxAttempts);
                        return true;
                    }
                    int attempt = attempts.merge(interrupt.id(), 1, Integer::sum);
                    LOG.log(Level.WARNING, "step " + step.ref().stepId() + " failed (attempt " + attempt + ")", failure);
                    parts.events().publish(new StepEvent.Failed(step.ref(), reason, true));
                    timers.schedule(() -> scheduler.schedule(agent), 100L * attempt, TimeUnit.MILLISECONDS);
                    return false;
                });
    }

    /** Nothing is due: marks the process sleeping and arms a timer for its next queued interrupt. */
    private Uni<Void> sleep(AgentKey agent) {
        processes.computeIfPresent(agent, (k, p) -> p.status() == ProcessStatus.RUNNABLE || p.status() == ProcessStatus.RUNNING
                ? p.withStatus(ProcessStatus.SLEEPING) : p);
        return parts.store().interrupts().nextDue(agent).invoke(next -> {
            if (next != null && next.isAfter(parts.clock().instant())) {
                wake(agent, next);
            }
        }).replaceWithVoid();
    }
}
