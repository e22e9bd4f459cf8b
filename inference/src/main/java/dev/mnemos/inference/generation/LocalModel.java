package dev.mnemos.inference.generation;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.State;
import dev.mnemos.inference.model.Transformer;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A GGUF model ready to generate: weights, tokenizer, one compute pool for all cores and a bounded set of
 * KV sessions. Generations run one at a time (they share the pool); each runs in the session it names.
 *
 * <p>Opened on a CUDA device ({@link #open(Path, Options, CudaDevice)}), the model runs on the GPU instead
 * ({@link CudaGeneration}): one device sequence, which every session shares. A session then reuses the prefix the
 * device holds, so one agent's turns each prefill only what changed, while two agents taking turns prefill from
 * where their prompts part.
 */
public final class LocalModel implements AutoCloseable {

    /**
     * @param threads      compute threads (the caller's thread is one of them)
     * @param contextLength positions per session (capped at the model's own context length)
     * @param maxSessions  sessions kept before the least recently used is evicted
     * @param maxBatch     tokens per prefill batch
     * @param kvPrecision  F32, or F16 to compute attention as llama.cpp does
     */
    public record Options(int threads, int contextLength, int maxSessions, int maxBatch, KvPrecision kvPrecision) {

        public Options {
            if (threads < 1 || contextLength < 1 || maxSessions < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("threads, contextLength, maxSessions and maxBatch must be positive: " + threads + ", " + contextLength + ", " + maxSessions + ", " + maxBatch);
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 4096, 8, State.DEFAULT_MAX_BATCH, KvPrecision.F32);
        }

        public Options withThreads(int value) {
            return new Options(value, contextLength, maxSessions, maxBatch, kvPrecision);
        }

        public Options withContextLength(int value) {
            return new Options(threads, value, maxSessions, maxBatch, kvPrecision);
        }

        public Options withMaxSessions(int value) {
            return new Options(threads, contextLength, value, maxBatch, kvPrecision);
        }

        public Options withKvPrecision(KvPrecision value) {
            return new Options(threads, contextLength, maxSessions, maxBatch, value);
        }
    }

    private final Model model;
    private final Tokenizer tokenizer;
    private final Transformer transformer;
    private final ComputePool pool;
    private final Options options;
    private final SessionCache sessions;
    private final CudaGeneration device; // null: the CPU
    private String deviceSession; // the session whose tokens the device holds
    private int anonymousSessions;
    private PrefillStatistics prefills = PrefillStatistics.NONE;

    private LocalModel(Model model, Options options, CudaDevice cuda) {
        this.model = model;
        this.options = options;
        this.tokenizer = Tokenizer.fromGguf(model.file().metadata());
        this.transformer = new Transformer(model);
        this.sessions = new SessionCache(options.maxSessions());
        this.device = cuda == null ? null : CudaGeneration.on(model, tokenizer, cuda, contextLength(), options.kvPrecision());
        this.pool = cuda == null ? new ComputePool(options.threads()) : null;
    }

    /** Opens a GGUF file. */
    public static LocalModel open(Path file, Options options) throws IOException {
        return open(file, options, null);
    }

    /**
     * Opens a GGUF file to run on a CUDA device (its weights uploaded, its KV cache of {@link #contextLength()}
     * positions on the device, F16 if the options say so), or on the CPU when {@code cuda} is null.
     */
    public static LocalModel open(Path file, Options options, CudaDevice cuda) throws IOException {
        Model model = Model.open(file);
        try {
            return new LocalModel(model, options, cuda);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Whether the model runs on a CUDA device. */
    public boolean onDevice() {
        return device != null;
    }

    public Model model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Options options() {
        return options;
    }

    /** Positions one session holds. */
    public int contextLength() {
        return Math.min(options.contextLength(), model.shape().contextLength());
    }

    /** Whether a session of that id is cached (on a device: whether the device holds its tokens). */
    public synchronized boolean hasSession(String id) {
        return device != null ? id.equals(deviceSession) : sessions.contains(id);
    }

    /** The ids a session holds KV for (empty when it has none). */
    public synchronized int[] sessionTokens(String id) {
        if (device != null) return id.equals(deviceSession) ? device.tokens() : new int[0];
        return sessions.contains(id) ? sessions.get(id, this::newSession).tokens() : new int[0];
    }

    /** How many prompt tokens the sessions reused and how many were prefilled, over every generation so far. */
    public synchronized PrefillStatistics prefills() {
        return prefills;
    }

    /** Drops a session and its KV cache. */
    public synchronized void closeSession(String id) {
        if (id.equals(deviceSession)) deviceSession = null; // its tokens stay on the device for whoever shares them
        sessions.remove(id);
    }

    /**
     * Generates from the request's prompt in its session, passing text to {@code onText} as it becomes
     * final, and stopping at an end-of-generation token, a stop string, {@code maxTokens} or a full context.
     */
    public synchronized Completion generate(GenerationRequest request, Consumer<String> onText) {
        if (device != null) return onDevice(request.sessionId(), request, onText);
        Session session = sessions.get(request.sessionId(), this::newSession);
        return generate(session, request, onText);
    }

    /**
     * Generates in whichever session already holds the longest prefix of the prompt (at least
     * {@code minimumReuse} tokens), else in a new one: for callers that pass no session hint, such as a
     * plain LangChain4j program. Two callers whose prompts share that much take turns in one session, each
     * switch recomputing from where they differ.
     */
    public synchronized Completion generateInBestSession(GenerationRequest request, int minimumReuse, Consumer<String> onText) {
        if (device != null) return onDevice(deviceSession != null ? deviceSession : "session-" + (++anonymousSessions), request, onText);
        Session session = sessions.longestPrefix(request.prompt(), minimumReuse);
        if (session == null) {
            session = sessions.get("session-" + (++anonymousSessions), this::newSession);
        } else {
            session = sessions.get(session.id(), this::newSession); // marks it used
        }
        return generate(session, request, onText);
    }

    private Completion generate(Session session, GenerationRequest request, Consumer<String> onText) {
        int reused = session.prefill(transformer, request.prompt());
        prefills = prefills.plus(request.prompt().length, reused);
        return Decoding.run(new Decoding.Sequence() {
            @Override
            public float[] logits() {
                return session.state().logits();
            }

            @Override
            public int[] history() {
                return session.history();
            }

            @Override
            public int length() {
                return session.length();
            }

            @Override
            public int capacity() {
                return session.capacity();
            }

            @Override
            public void append(int token) {
                session.append(transformer, token);
            }
        }, tokenizer, request, reused, onText);
    }

    private Completion onDevice(String session, GenerationRequest request, Consumer<String> onText) {
        deviceSession = session;
        Completion completion = device.generate(request, onText);
        prefills = prefills.plus(request.prompt().length, completion.reusedPromptTokens());
        return completion;
    }

    private Session newSession(String id) {
        return new Session(id, transformer.newState(pool, contextLength(), options.maxBatch(), options.kvPrecision()));
    }

    @Override
    public synchronized void close() {
        if (device != null) device.close();
        if (pool != null) pool.close();
        model.close();
    }
}
