package dev.mnemos.tools.mcp;

import static java.util.Objects.requireNonNull;

import dev.mnemos.tools.ToolOutput;
import dev.mnemos.tools.ToolWorkers;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * mnemos' side of one attached MCP server: it keeps a session to the server alive and answers every call, whatever
 * state the server is in.
 *
 * <p>A server is <em>down</em> when its process exits, or when a call fails or is abandoned (timeout) and the server
 * then does not answer a ping within {@link McpServerOptions#pingTimeout()}: its session is killed and a new one is
 * tried after {@link Backoff#delay}(1), then (2), ... until one connects. While a server is down, a call is answered
 * at once with an error output that says why and when the next attempt is; it never waits, and it never throws.
 *
 * <p>All blocking SDK calls run on {@link ToolWorkers}; every {@code Uni} of this class emits on a worker thread.
 */
public final class McpServerLink implements AutoCloseable {

    private sealed interface State {}

    private record Ready(McpSession session) implements State {}

    private record Down(String cause, int attempt, Instant retryAt) implements State {}

    private record Closed() implements State {}

    private final McpServerConfig config;
    private final McpServerOptions options;
    private final ToolWorkers workers;
    private final ScheduledExecutorService timer;
    private final AtomicReference<State> state = new AtomicReference<>(new Down("not connected yet", 0, Instant.MAX));
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean checking = new AtomicBoolean();

    /**
     * @param config the server
     * @param options timeouts and backoff
     * @param workers where blocking SDK calls run
     * @param timer where restart attempts are scheduled
     */
    public McpServerLink(McpServerConfig config, McpServerOptions options, ToolWorkers workers, ScheduledExecutorService timer) {
        this.config = requireNonNull(config, "config");
        this.options = requireNonNull(options, "options");
        this.workers = requireNonNull(workers, "workers");
        this.timer = requireNonNull(timer, "timer");
    }

    /** The server's name. */
    public String name() {
        return config.name();
    }

    public McpServerConfig config() {
        return config;
    }

    /**
     * Produces a {@code Uni} that connects for the first time. It fails when the server cannot be started or reached
     * within {@link McpServerOptions#connectTimeout()}; no restart is tried then.
     */
    public Uni<McpServerLink> connect() {
        return workers.run(() -> McpSession.open(config, options))
                .map(session -> {
                    var current = state.get();
                    if (current instanceof Closed || !state.compareAndSet(current, new Ready(session))) {
                        session.close();
                        throw new IllegalStateException("MCP server '" + name() + "' was detached while connecting");
                    }
                    watch(session);
                    return this;
                });
    }

    /** Produces the server's tools, as it lists them now; fails when the server is down. */
    public Uni<List<McpSchema.Tool>> tools() {
        if (!(state.get() instanceof Ready ready)) {
            return Uni.createFrom().failure(new IllegalStateException(unavailable(state.get())));
        }
        return workers.run(ready.session()::listTools);
    }

    /**
     * Produces a {@code Uni} that calls one of the server's tools. It never fails: a server that is down, a call that
     * fails, a tool that reports an error all give an output with {@code error} set. Cancel the {@code Uni} to
     * abandon the call (the registry's timeout does); the server is then pinged and restarted if it does not answer.
     *
     * @param tool the tool's name as the server lists it
     * @param arguments its arguments
     */
    public Uni<ToolOutput> call(String tool, Map<String, Object> arguments) {
        if (!(state.get() instanceof Ready ready)) {
            return Uni.createFrom().item(ToolOutput.failure(unavailable(state.get())));
        }
        var session = ready.session();
        return workers.run(() -> session.call(tool, arguments))
                .map(result -> McpContent.toOutput(result, McpSession.JSON))
                .onFailure().recoverWithItem(failure -> {
                    // a JSON-RPC error is an answer: the server is alive; a busy pool is no fault of the server
                    if (!(failure instanceof McpError) && !(failure instanceof RejectedExecutionException)) {
                        check(session, McpSession.rootMessage(failure));
                    }
                    return ToolOutput.failure("MCP server '" + name() + "' failed on tool '" + tool + "': "
                            + McpSession.rootMessage(failure) + session.lastStderr());
                })
                .onCancellation().invoke(() -> check(session, "a call to '" + tool + "' was abandoned"));
    }

    /** Whether a session is up now. */
    public boolean ready() {
        return state.get() instanceof Ready;
    }

    /** How many times the server was restarted (the first connection does not count). */
    public int restarts() {
        return restarts.get();
    }

    /** The server's process now, for a stdio server whose process could be found. */
    public Optional<ProcessHandle> process() {
        return state.get() instanceof Ready ready ? ready.session().process() : Optional.empty();
    }

    /** Ends the session and stops restarting; later calls get an error output. */
    @Override
    public void close() {
        var previous = state.getAndSet(new Closed());
        if (previous instanceof Ready ready) {
            ready.session().close();
        }
    }

    /** Pings the server after a failed or abandoned call; one that does not answer is taken down. */
    private void check(McpSession session, String reason) {
        if (!isCurrent(session) || !checking.compareAndSet(false, true)) {
            return;
        }
        workers.run(() -> {
                    session.ping();
                    return true;
                })
                .ifNoItem().after(options.pingTimeout()).fail()
                .subscribe().with(
                        alive -> checking.set(false),
                        failure -> {
                            checking.set(false);
                            if (!(failure instanceof RejectedExecutionException)) {
                                takeDown(session, reason + ", and the server did not answer a ping within "
                                        + options.pingTimeout().toMillis() + " ms");
                            }
                        });
    }

    private void watch(McpSession session) {
        session.process().ifPresent(process ->
                process.onExit().thenRun(() -> takeDown(session, "the server process exited")));
    }

    private void takeDown(McpSession session, String cause) {
        var current = state.get();
        if (!(current instanceof Ready ready) || ready.session() != session) {
            return;
        }
        var down = new Down(cause, 1, Instant.now().plus(options.backoff().delay(1)));
        if (state.compareAndSet(current, down)) {
            Thread.ofVirtual().name("mnemos-mcp-close-" + name()).start(session::kill);
            scheduleRestart(down);
        }
    }

    private void scheduleRestart(Down down) {
        var delay = Duration.between(Instant.now(), down.retryAt());
        timer.schedule(() -> restart(down), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void restart(Down down) {
        if (state.get() != down) {
            return;
        }
        workers.run(() -> McpSession.open(config, options)).subscribe().with(
                session -> {
                    if (state.compareAndSet(down, new Ready(session))) {
                        restarts.incrementAndGet();
                        watch(session);
                    } else {
                        session.close();
                    }
                },
                failure -> {
                    int attempt = down.attempt() + 1;
                    var next = new Down("restart attempt " + down.attempt() + " failed: " + McpSession.rootMessage(failure),
                            attempt, Instant.now().plus(options.backoff().delay(attempt)));
                    if (state.compareAndSet(down, next)) {
                        scheduleRestart(next);
                    }
                });
    }

    private boolean isCurrent(McpSession session) {
        return state.get() instanceof Ready ready && ready.session() == session;
    }

    private String unavailable(State current) {
        return switch (current) {
            case Down down when down.attempt() == 0 -> "MCP server '" + name() + "' is not connected";
            case Down down -> "MCP server '" + name() + "' is unavailable (" + down.cause() + "); restart attempt "
                    + down.attempt() + " in " + Math.max(0, Duration.between(Instant.now(), down.retryAt()).toMillis()) + " ms";
            case Closed closed -> "MCP server '" + name() + "' was detached";
            case Ready ready -> "MCP server '" + name() + "' is ready";
        };
    }
}
