package dev.mnemos.memory.eval;

import dev.mnemos.memory.tree.MeteredModel;
import dev.mnemos.memory.tree.PromptFile;
import dev.mnemos.memory.tree.Segmenter;
import java.util.List;
import java.util.Map;

/** The plain baseline: keep as much of the document's start as the context holds, drop the rest. */
final class Truncation implements QaMethod {

    static final PromptFile ANSWER = PromptFile.load(Truncation.class, "answer-from-text.txt");

    private final MeteredModel model;
    private final String kept;

    Truncation(MeteredModel model, String document, int contextTokens) {
        this.model = model;
        List<String> start = new Segmenter(model.estimator(), contextTokens).split(document);
        this.kept = start.isEmpty() ? "" : start.getFirst();
    }

    @Override
    public String name() {
        return "plain truncation";
    }

    @Override
    public Reply answer(String question) {
        var before = model.cost();
        String text = model.ask(ANSWER.fill(Map.of("question", question, "text", kept)));
        return new Reply(text, model.cost().minus(before));
    }
}
