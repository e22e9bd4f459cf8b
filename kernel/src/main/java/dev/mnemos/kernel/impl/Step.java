package dev.mnemos.kernel.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.kernel.context.ChatMessages;
import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.kernel.context.ContextOverflowException;
import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.event.StepRef;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.interrupt.InterruptCodec;
import dev.mnemos.kernel.pager.Pager;
import dev.mnemos.kernel.pager.PagerThresholds;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.process.ProcessStatus;
import dev.mnemos.kernel.syscall.ArgumentCheck;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.kernel.syscall.SyscallTable;
import dev.mnemos.kernel.syscall.ToolRule;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * One step of one agent (DESIGN.md, "Data flow of one agent step"): take the interrupt as the
 * input message, page if the window is full, ask the model, run the syscalls it calls (validated
 * first; a bad call is answered with an error and forces a heartbeat), decide on a heartbeat,
 * page again, and commit everything at once. Nothing the step did is visible outside it before the
 * commit; the replies it carries are acknowledged by the commit. Used once.
 */
final class Step {

    /**
     * What a committed step left.
     *
     * @param process the process after the step, or null when storage had committed this step
     *     before (a retry after a crash): the caller reloads it
     * @param replies the messages for the user the commit acknowledged
     * @param heartbeat true when the chain goes on
     * @param committed the event to publish once the caller has installed {@code process}; null
     *     for an abandoned step, whose caller announces its end itself
     */
    record Outcome(AgentProcess process, List<String> replies, boolean heartbeat, StepEvent.Committed committed) {}

    private record Call(SyscallResult result, boolean heartbeatRequested, Syscall syscall) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KernelParts parts;
    private final AgentProcess process;
    private final Interrupt interrupt;
    private final StepControl control;
    private final long fence;
    private final Instant now;
    private final StepRef ref;
    private final StepBuffer buffer;
    private final List<ContextMessage> queue;
    private final List<Message> written = new ArrayList<>();
    private final List<QueuedInterrupt> enqueued = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> calledThisStep = new HashSet<>();
    private final List<ToolSpecification> tools;
    private String summary;
    private String plainReply;
    private boolean pressureRaised;
    private boolean abandoned;

    /** @param fence the fencing token of the agent's lease this step runs under; 0 on a single node */
    Step(KernelParts parts, AgentProcess process, Interrupt interrupt, StepControl control, long fence) {
        this.parts = parts;
        this.process = process;
        this.interrupt = interrupt;
        this.control = control;
        this.fence = fence;
        this.now = parts.clock().instant();
        String stepId = Ids.step(interrupt);
        this.ref = interrupt instanceof Interrupt.Heartbeat h
                ? new StepRef(process.key(), stepId, h.origin(), h.depth() + 1)
                : new StepRef(process.key(), stepId, interrupt.id(), 1);
        this.buffer = new StepBuffer(process.key(), stepId, now, parts.prompts(), parts.store(), process.blocks(),
                parts.embeddings(), parts.gate(), control);
        this.queue = new ArrayList<>(process.messages());
        this.summary = process.summary();
        this.tools = parts.syscalls().specifications(process.config().tools());
    }

    StepRef ref() {
        return ref;
    }

    /** Runs the step and produces what its commit left; fails when the model or the commit failed (nothing is stored then). */
    Uni<Outcome> run() {
        publish(new StepEvent.Started(ref, InterruptCodec.kind(interrupt)));
        add(input());
        if (interrupt instanceof Interrupt.Schedule s) {
            enqueued.add(InterruptCodec.encode(s.next(), now));
        }
        return page(1, false)
                .chain(this::ask)
                .emitOn(parts.steps())
                .chain(this::handle)
                .chain(() -> page(written.size(), true))
                .chain(() -> {
                    control.check();
                    return commit(decideHeartbeat(), buffer.sent());
                })
                .onFailure(e -> e instanceof CancellationException || control.cancelled()).recoverWithUni(this::cancelled);
    }

    /**
     * Records an interrupt that could not be served (cancelled, or failed too often) and consumes it:
     * its input message and a notice for the LLM are committed, so that nothing acknowledged is lost.
     * The caller announces the end ({@link StepEvent.Cancelled} or {@link StepEvent.Failed}).
     */
    Uni<Outcome> abandon(String noticeKey, Map<String, ?> values) {
        abandoned = true;
        written.clear();
        enqueued.clear();
        queue.clear();
        queue.addAll(process.messages());
        summary = process.summary();
        add(input());
        if (interrupt instanceof Interrupt.Schedule s) {
            enqueued.add(InterruptCodec.encode(s.next(), now));
        }
        add(systemMessage(parts.prompts().text(noticeKey, values)));
        return commit(false, List.of(), List.of(), List.of(), ProcessStatus.SLEEPING);
    }

    private Uni<Outcome> cancelled() {
        return abandon("step.cancelled", Map.of());
    }

    private Message input() {
        var p = parts.prompts();
        return switch (interrupt) {
            case Interrupt.UserMessage u -> message(Role.USER, u.text());
            case Interrupt.ExternalEvent e -> systemMessage(p.text("interrupt.external_event", Map.of("source", e.source(), "text", e.text())));
            case Interrupt.Timer t -> systemMessage(p.text("interrupt.timer", Map.of("note", t.note())));
            case Interrupt.Schedule s -> systemMessage(p.text("interrupt.schedule",
                    Map.of("name", s.name(), "recurrence", s.recurrence().text(), "note", s.note())));
            case Interrupt.ToolCompletion c -> systemMessage(p.text("interrupt.tool_completion",
                    Map.of("toolName", c.toolName(), "toolCallId", c.toolCallId(), "result", c.result())));
            case Interrupt.Heartbeat h -> systemMessage(p.text("interrupt.heartbeat", Map.of("reason", h.reason())));
            case Interrupt.MemoryPressure m -> systemMessage(p.text("interrupt.memory_pressure", Map.of("percent", m.percent())));
        };
    }

    private Message systemMessage(String text) {
        return message(Role.SYSTEM, text);
    }

    private Message message(Role role, String text) {
        return new Message(Ids.message(ref.stepId(), written.size()), role, text, List.of(), null, null, now, ref.stepId(), 0);
    }

    private void add(Message message) {
        written.add(message);
        queue.add(parts.renderer().queued(message));
    }

    private ContextWindow window() {
        AgentProcess current = new AgentProcess(process.key(), process.name(), process.type(), process.config(),
                ProcessStatus.RUNNING, buffer.allBlocks(), summary, queue, process.statistics(), process.version());
        return parts.renderer().render(current, tools, now);
    }

    /**
     * Pages the window: evicts into the summary at the flush threshold, and (after the answer) raises
     * memory pressure past the warning threshold.
     */
    private Uni<Void> page(int protectedTail, boolean afterAnswer) {
        return page(protectedTail, afterAnswer, false);
    }

    /** @param refused the model refused the window as too long: evict at least half of it, whatever the count says */
    private Uni<Void> page(int protectedTail, boolean afterAnswer, boolean refused) {
        control.check();
        PagerThresholds thresholds = process.config().pager();
        var counted = window().tokens();
        var tokens = refused ? counted.withLimit(Math.min(counted.limit(), counted.total())) : counted;
        Pager.Action action = refused ? Pager.Action.FLUSH : Pager.decide(tokens, thresholds, pressureInQueue());
        if (action == Pager.Action.PRESSURE && afterAnswer) {
            pressureRaised = true;
            enqueued.add(InterruptCodec.encode(new Interrupt.MemoryPressure(Ids.pressure(ref.stepId()), tokens.percent(), null), now));
            publish(new StepEvent.Paged(ref, true, 0, tokens.total()));
        }
        if (action != Pager.Action.FLUSH) {
            return Uni.createFrom().voidItem();
        }
        int summaryLimit = (int) Math.floor(thresholds.summary() * tokens.limit());
        int count = Pager.evictionCount(queue, tokens, thresholds, protectedTail, summaryLimit);
        if (count == 0) {
            return Uni.createFrom().voidItem();
        }
        List<ContextMessage> evicted = List.copyOf(queue.subList(0, count));
        return parts.summary().fold(summary, evicted, summaryLimit)
                .invoke(folded -> {
                    summary = folded;
                    queue.subList(0, count).clear();
                    publish(new StepEvent.Paged(ref, false, count, window().tokens().total()));
                })
                .replaceWithVoid();
    }

    private boolean pressureInQueue() {
        return pressureRaised
                || interrupt instanceof Interrupt.MemoryPressure
                || queue.stream().anyMatch(m -> Ids.isPressureStep(m.message().stepId()));
    }

    /**
     * Asks the model; when it refuses the prompt as longer than its context, evicts and asks once more,
     * and past that fails with a {@link ContextOverflowException}, which ends the step for good.
     */
    private Uni<ChatResponse> ask() {
        return request().onFailure(this::overflowed).recoverWithUni(refusal -> {
            int before = queue.size();
            return page(1, false, true).chain(() -> queue.size() == before
                    ? Uni.createFrom().failure(overflow(refusal))
                    : request().onFailure(this::overflowed).transform(this::overflow));
        });
    }

    private boolean overflowed(Throwable failure) {
        return !(failure instanceof CancellationException) && !control.cancelled() && ContextOverflowException.reported(failure);
    }

    private ContextOverflowException overflow(Throwable refusal) {
        var tokens = window().tokens();
        return new ContextOverflowException("the main context does not fit the model even after eviction: " + tokens.total()
                + " tokens counted, " + (tokens.total() - tokens.messages()) + " of them outside the queue (system prompt,"
                + " core memory, summary, tools, statistics); " + refusal.getMessage(), refusal);
    }

    private Uni<ChatResponse> request() {
        control.check();
        ContextWindow w = window();
        ChatRequest.Builder request = ChatRequest.builder().messages(w.messages());
        if (!w.tools().isEmpty()) {
            request.toolSpecifications(w.tools());
        }
        var config = process.config();
        if (config.modelName() != null) {
            request.modelName(config.modelName());
        }
        if (config.temperature() != null) {
            request.temperature(config.temperature());
        }
        if (config.maxOutputTokens() != null) {
            request.maxOutputTokens(config.maxOutputTokens());
        }
        int windowTokens = w.tokens().total();
        return parts.gate().chat(request.build(), text -> publish(new StepEvent.TokenDelta(ref, text)), control)
                .invoke(r -> publish(new StepEvent.Usage(ref,
                        r.tokenUsage() == null ? null : r.tokenUsage().inputTokenCount(),
                        r.tokenUsage() == null ? null : r.tokenUsage().outputTokenCount(),
                        windowTokens)));
    }

    private Uni<Void> handle(ChatResponse response) {
        AiMessage answer = response.aiMessage();
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (ToolExecutionRequest r : answer.toolExecutionRequests()) {
            String id = r.id() == null || r.id().isBlank() ? Ids.toolCall(ref.stepId(), requests.size()) : r.id();
            requests.add(r.toBuilder().id(id).build());
        }
        String text = answer.text() == null ? "" : answer.text();
        if (answer.thinking() != null && !answer.thinking().isBlank()) {
            publish(new StepEvent.Reasoning(ref, answer.thinking()));
        }
        if (requests.isEmpty() && !text.isBlank()) {
            plainReply = text;
            publish(new StepEvent.AssistantMessage(ref, text));
        } else if (!text.isBlank()) {
            publish(new StepEvent.Reasoning(ref, text));
        }
        AiMessage normalized = AiMessage.builder().text(answer.text()).toolExecutionRequests(requests).build();
        add(new Message(Ids.message(ref.stepId(), written.size()), Role.ASSISTANT, text, ChatMessages.toolCalls(normalized),
                null, null, now, ref.stepId(), 0));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ToolExecutionRequest request : requests) {
            chain = chain.chain(() -> run(request));
        }
        return chain;
    }

    private Uni<Void> run(ToolExecutionRequest request) {
        control.check();
        publish(new StepEvent.ToolCallRequested(ref, request.id(), request.name(), request.arguments()));
        int sentBefore = buffer.sentCount();
        return dispatch(request).invoke(call -> {
            calls.add(call);
            if (!call.result().error()) {
                calledThisStep.add(request.name());
            }
            add(new Message(Ids.message(ref.stepId(), written.size()), Role.TOOL, call.result().content(), List.of(),
                    request.id(), request.name(), now, ref.stepId(), 0));
            publish(new StepEvent.ToolResult(ref, request.id(), request.name(), call.result().content(), call.result().error()));
            buffer.sent().subList(sentBefore, buffer.sentCount())
                    .forEach(text -> publish(new StepEvent.AssistantMessage(ref, text)));
        }).replaceWithVoid();
    }

    /** Validates a call (name, tool table, JSON, schema, rules) and runs it; every refusal is an error result. */
    private Uni<Call> dispatch(ToolExecutionRequest request) {
        var p = parts.prompts();
        SyscallTable table = parts.syscalls();
        List<String> enabled = table.enabled(process.config().tools());
        String name = request.name();
        Optional<Syscall> found = table.find(name);
        if (found.isEmpty()) {
            return refuse(p.text("error.unknown_tool", Map.of("name", String.valueOf(name), "available", String.join(", ", enabled))));
        }
        if (!enabled.contains(name)) {
            return refuse(p.text("error.not_enabled", Map.of("name", name, "available", String.join(", ", enabled))));
        }
        Syscall syscall = found.get();
        JsonNode arguments;
        try {
            String raw = request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
            arguments = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return refuse(p.text("error.bad_json", Map.of("name", name, "detail", e.getOriginalMessage())));
        }
        if (!(arguments instanceof ObjectNode object)) {
            return refuse(p.text("error.bad_json", Map.of("name", name, "detail", "expected an object, got " + arguments.getNodeType())));
        }
        ToolSpecification spec = tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        List<String> problems = ArgumentCheck.problems(spec.parameters(), object);
        if (!problems.isEmpty()) {
            return refuse(p.text("error.invalid_arguments", Map.of("name", name, "problems", String.join("; ", problems))));
        }
        for (ToolRule rule : syscall.rules()) {
            if (rule instanceof ToolRule.AllowedAfter after && !calledInChain(after.tool())) {
                return refuse(p.text("error.not_allowed_yet", Map.of("name", name, "after", after.tool())));
            }
        }
        boolean heartbeat = object.path(SyscallTable.REQUEST_HEARTBEAT).asBoolean(false);
        ObjectNode clean = object.deepCopy();
        clean.remove(SyscallTable.REQUEST_HEARTBEAT);
        return Uni.createFrom().deferred(() -> syscall.call(buffer, new SyscallArguments(clean)))
                .onFailure(e -> !(e instanceof CancellationException))
                .recoverWithItem(e -> SyscallResult.error(p.text("error.failed", Map.of("name", name, "reason", String.valueOf(e.getMessage())))))
                .map(result -> new Call(result, heartbeat, syscall));
    }

    private static Uni<Call> refuse(String error) {
        return Uni.createFrom().item(new Call(SyscallResult.error(error), false, null));
    }

    private boolean calledInChain(String tool) {
        if (calledThisStep.contains(tool)) {
            return true;
        }
        return queue.stream()
                .map(ContextMessage::message)
                .filter(m -> m.role() == Role.ASSISTANT && Ids.inChain(m.stepId(), ref.origin()) && !m.stepId().equals(ref.stepId()))
                .anyMatch(m -> m.toolCalls().stream().anyMatch(c -> c.name().equals(tool)));
    }

    /** Decides whether the chain goes on, enqueues the heartbeat, or tells the LLM it hit the step limit. */
    private boolean decideHeartbeat() {
        var p = parts.prompts();
        boolean ends = calls.stream().anyMatch(c -> !c.result().error() && has(c, ToolRule.EndsStep.class));
        String reason = null;
        for (Call c : calls) {
            if (c.result().error()) {
                reason = p.text("heartbeat.after_error");
                break;
            }
            if (has(c, ToolRule.RequiresHeartbeat.class)) {
                reason = p.text("heartbeat.required", Map.of("tool", c.syscall().name()));
            } else if (c.heartbeatRequested() && reason == null) {
                reason = p.text("heartbeat.requested");
            }
        }
        if (ends || reason == null) {
            return false;
        }
        int limit = process.config().maxStepsPerInterrupt();
        if (ref.depth() >= limit) {
            tellStepLimit(p.text("heartbeat.refused", Map.of("limit", limit)));
            publish(new StepEvent.StepLimitReached(ref, limit));
            return false;
        }
        enqueued.add(InterruptCodec.encode(new Interrupt.Heartbeat(Ids.heartbeat(ref.origin(), ref.depth()), ref.origin(), ref.depth(), reason, null), now));
        return true;
    }

    private static boolean has(Call call, Class<? extends ToolRule> rule) {
        return call.syscall() != null && call.syscall().rules().stream().anyMatch(rule::isInstance);
    }

    /** Appends the step-limit notice to the step's last tool result, which the LLM reads in its next step. */
    private void tellStepLimit(String notice) {
        for (int i = written.size() - 1; i >= 0; i--) {
            Message m = written.get(i);
            if (m.role() == Role.TOOL) {
                Message told = new Message(m.id(), m.role(), m.content() + notice, m.toolCalls(), m.toolCallId(), m.toolName(),
                        m.createdAt(), m.stepId(), 0);
                written.set(i, told);
                for (int j = queue.size() - 1; j >= 0; j--) {
                    if (queue.get(j).message().id().equals(m.id())) {
                        queue.set(j, parts.renderer().queued(told));
                        break;
                    }
                }
                return;
            }
        }
    }

    private Uni<Outcome> commit(boolean heartbeat, List<String> sent) {
        List<String> replies = new ArrayList<>(sent);
        if (plainReply != null) {
            replies.add(plainReply);
        }
        ProcessStatus status;
        if (calls.stream().anyMatch(c -> c.result().pending())) {
            status = ProcessStatus.WAITING_ON_TOOL;
        } else if (heartbeat) {
            status = ProcessStatus.RUNNABLE;
        } else if (process.status() == ProcessStatus.WAITING_ON_TOOL && !(interrupt instanceof Interrupt.ToolCompletion)) {
            status = ProcessStatus.WAITING_ON_TOOL;
        } else {
            status = ProcessStatus.SLEEPING;
        }
        return commit(heartbeat, replies, buffer.editedBlocks(), buffer.passages(), status);
    }

    private Uni<Outcome> commit(boolean heartbeat, List<String> replies, List<Block> edited, List<dev.mnemos.memory.archival.Passage> passages,
            ProcessStatus status) {
        List<String> ids = queue.stream().map(m -> m.message().id()).toList();
        var commit = new StepCommit(process.key(), ref.stepId(), fence, process.version(), written, edited,
                passages.isEmpty() ? null : buffer.space(), passages, new AgentState(status.text(), summary, ids),
                List.of(interrupt.id()), enqueued);
        return parts.store().commit(commit).map(outcome -> {
            var committed = abandoned ? null : new StepEvent.Committed(ref, heartbeat);
            if (outcome == StepCommit.Outcome.ALREADY_COMMITTED) {
                return new Outcome(null, replies, heartbeat, committed);
            }
            List<Block> blocks = new ArrayList<>();
            for (Block b : edited.isEmpty() ? process.blocks() : buffer.allBlocks()) {
                boolean changed = edited.stream().anyMatch(e -> e.label().equals(b.label()));
                blocks.add(changed ? new Block(b.label(), b.value(), b.limit(), b.readOnly(), b.description(), b.version() + 1) : b);
            }
            var next = new AgentProcess(process.key(), process.name(), process.type(), process.config(), status, blocks, summary,
                    queue, process.statistics().plus(written.size(), passages.size(), now), process.version() + 1);
            return new Outcome(next, replies, heartbeat, committed);
        });
    }

    private void publish(StepEvent event) {
        parts.events().publish(event);
    }
}
