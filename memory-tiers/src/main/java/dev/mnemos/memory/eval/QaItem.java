package dev.mnemos.memory.eval;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One question of a long-document QA set.
 *
 * @param question the question
 * @param answers the accepted answers; a reply counts as right when it contains one of them,
 *     ignoring case, accents, punctuation and spacing
 */
public record QaItem(String question, List<String> answers) {

    public QaItem {
        Objects.requireNonNull(question, "question");
        answers = List.copyOf(answers);
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("question '" + question + "' has no accepted answer");
        }
    }

    /** Whether {@code reply} holds one of the accepted answers. */
    public boolean isAnsweredBy(String reply) {
        String said = normalized(reply);
        return answers.stream().map(QaItem::normalized).anyMatch(answer -> !answer.isBlank() && said.contains(answer));
    }

    private static String normalized(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return " " + plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip() + " ";
    }
}
