package dev.mnemos.memory.eval;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.tree.MeteredModel;
import dev.mnemos.memory.tree.Segmenter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Retrieval over archival storage: the document is stored as passages (embedded with the default
 * in-process model), and each question gets the passages closest to it, as many as the context holds.
 */
final class Retrieval implements QaMethod {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final MeteredModel model;
    private final ArchivalMemory archival;
    private final AgentKey agent;
    private final int topK;

    Retrieval(MeteredModel model, ArchivalMemory archival, AgentKey agent, String document, int contextTokens, int passageTokens) {
        this.model = model;
        this.archival = archival;
        this.agent = agent;
        this.topK = Math.max(1, contextTokens / passageTokens);
        List<String> passages = new Segmenter(model.estimator(), passageTokens).split(document);
        archival.insert(agent, passages, java.util.Set.of("eval")).await().atMost(TIMEOUT);
    }

    @Override
    public String name() {
        return "retrieval (archival)";
    }

    @Override
    public Reply answer(String question) {
        List<ScoredPassage> found = archival.search(agent, question, ArchivalQuery.top(topK)).await().atMost(TIMEOUT);
        String text = found.stream().map(p -> p.passage().text().strip()).collect(Collectors.joining("\n...\n"));
        var before = model.cost();
        String reply = model.ask(Truncation.ANSWER.fill(Map.of("question", question, "text", text)));
        return new Reply(reply, model.cost().minus(before));
    }
}
