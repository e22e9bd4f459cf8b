package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.process.MemoryStatistics;
import dev.mnemos.kernel.process.ProcessStatus;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.AgentRecord;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Reads an agent process back from storage: what a restarted kernel resumes. The statistics are
 * counted here once; steps then keep them up to date themselves, so a step never counts history.
 */
final class ProcessLoader {

    private final MemoryStore store;
    private final ContextRenderer renderer;

    ProcessLoader(MemoryStore store, ContextRenderer renderer) {
        this.store = store;
        this.renderer = renderer;
    }

    Uni<AgentProcess> load(AgentKey key) {
        return store.agents().get(key).chain(found -> {
            AgentRecord record = found.orElseThrow(() -> new NoSuchAgentException("there is no agent " + key));
            var state = record.state();
            return Uni.combine().all().unis(
                            store.blocks().blocks(key),
                            store.recall().byIds(key, state.contextMessageIds()),
                            store.recall().count(key),
                            store.recall().lastWrite(key),
                            store.archival().count(key),
                            store.archival().lastWrite(key))
                    .with((blocks, messages, recallCount, recallLast, archivalCount, archivalLast) -> {
                        List<ContextMessage> queue = messages.stream().map(renderer::queued).toList();
                        var statistics = new MemoryStatistics(recallCount, archivalCount, recallLast.orElse(null), archivalLast.orElse(null));
                        return new AgentProcess(key, record.name(), record.type(), AgentConfigCodec.read(record.config()),
                                ProcessStatus.of(state.status()), blocks, state.summary(), queue, statistics, record.version());
                    });
        });
    }
}
