package dev.mnemos.memory.eval;

import dev.mnemos.memory.tree.ScriptedChatModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A scripted reader that understands nothing but can spot the answers of a QA set in what it is
 * shown: its summaries list the answers a text contains, it walks towards the summary that lists
 * the answer it looks for, and it answers only from text it was given. A method that never shows
 * it the right passage cannot score with it.
 */
public final class OracleReader {

    public static ScriptedChatModel of(QaSet set) {
        return new ScriptedChatModel()
                .on(prompt -> prompt.stripTrailing().endsWith("Summary:"), prompt -> "Keys: " + String.join("; ", answersIn(set, prompt)))
                .on(prompt -> prompt.contains("Action: GO <number"), prompt -> navigate(set, prompt))
                .on(prompt -> prompt.contains("Action: ANSWER <"), prompt -> {
                    String answer = expected(set, prompt);
                    return contains(between(prompt, "Passage:\n\"\"\"", "\"\"\""), answer)
                            ? "Reasoning: here.\nAction: ANSWER " + answer : "Reasoning: not here.\nAction: BACK";
                })
                .on(prompt -> prompt.stripTrailing().endsWith("Updates:"), prompt -> {
                    String answer = expected(set, prompt);
                    return contains(between(prompt, "\"\"\"\n", "\n\"\"\""), answer) ? "add /evidence/- {\"quote\": \"" + answer + "\"}" : "NONE";
                })
                .on(prompt -> prompt.startsWith("Below is a structured memory"), prompt -> {
                    String answer = expected(set, prompt);
                    return contains(between(prompt, "Memory:\n", "\n\nQuestion:"), answer) ? answer : "unknown";
                })
                .on(prompt -> prompt.startsWith("Answer the question from the text below"), prompt -> {
                    String answer = expected(set, prompt);
                    return contains(between(prompt, "\"\"\"", "\"\"\""), answer) ? answer : "unknown";
                });
    }

    private static String navigate(QaSet set, String prompt) {
        String answer = expected(set, prompt);
        String[] options = prompt.substring(prompt.indexOf("Summary 1:"), prompt.indexOf("Reply in exactly")).split("Summary \\d+:");
        for (int i = 1; i < options.length; i++) {
            if (contains(options[i], answer)) {
                return "Reasoning: it lists the answer.\nAction: GO " + i;
            }
        }
        return "Reasoning: none lists it.\nAction: BACK";
    }

    /** The first accepted answer of the question the prompt asks. */
    private static String expected(QaSet set, String prompt) {
        return set.items().stream().filter(item -> prompt.contains(item.question())).findFirst()
                .map(item -> item.answers().getFirst())
                .orElseThrow(() -> new AssertionError("no known question in prompt:\n" + prompt));
    }

    private static List<String> answersIn(QaSet set, String text) {
        Set<String> found = new LinkedHashSet<>();
        for (QaItem item : set.items()) {
            if (contains(text, item.answers().getFirst())) {
                found.add(item.answers().getFirst());
            }
        }
        return List.copyOf(found);
    }

    private static boolean contains(String text, String answer) {
        return text.toLowerCase(Locale.ROOT).contains(answer.toLowerCase(Locale.ROOT));
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        int end = text.indexOf(close, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private OracleReader() {
    }
}
