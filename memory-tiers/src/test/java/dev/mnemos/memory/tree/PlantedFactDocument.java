package dev.mnemos.memory.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthetic long document for tree tests: numbered paragraphs of filler, each one leaf segment of
 * a {@link #SHAPE} tree, with a fact planted in one paragraph and an optional decoy that mentions
 * the same thing without the answer. The {@link #model()} summarizes and walks it the way a good
 * reader would: summaries say which parts they cover and whether they mention the vault.
 */
final class PlantedFactDocument {

    static final TreeShape SHAPE = new TreeShape(60, 5);
    static final String QUESTION = "What is the code of the vault?";
    static final String FACT = "The code of the vault is 4471.";
    static final String DECOY = "Someone spoke of the vault but nobody knew its code.";

    private static final Pattern PART = Pattern.compile("(?:Parts?|to) (\\d+)");

    static String paragraphs(int count, int factAt, int decoyAt) {
        return paragraphs(0, count, factAt, decoyAt);
    }

    static String paragraphs(int from, int count, int factAt, int decoyAt) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append("Part ").append(i).append(". ");
            if (i == factAt) {
                text.append(FACT).append(' ');
            }
            if (i == decoyAt) {
                text.append(DECOY).append(' ');
            }
            text.append("The river ran past the old mill and the miller counted his sacks of grain one by one as the long grey day wore on quietly toward evening.\n\n");
        }
        return text.toString();
    }

    /** A scripted reader: summaries keep the part numbers and the word "vault"; navigation follows it. */
    static ScriptedChatModel model() {
        return new ScriptedChatModel()
                .onPromptStarting("Summarize the following passage", prompt -> summary(between(prompt, "\"\"\"", "\"\"\"")))
                .onPromptStarting("The following are summaries", prompt -> summary(prompt.substring(prompt.indexOf("Summary 1:"))))
                .onPromptStarting("You are looking for the answer to a question in a long text that you cannot read at once. The\ntext is arranged", PlantedFactDocument::navigate)
                .onPromptStarting("You are looking for the answer to a question in a long text that you cannot read at once. Below", PlantedFactDocument::readLeaf);
    }

    private static String summary(String text) {
        List<Integer> parts = new ArrayList<>();
        Matcher matcher = PART.matcher(text);
        while (matcher.find()) {
            parts.add(Integer.parseInt(matcher.group(1)));
        }
        String range = parts.isEmpty() ? "No parts" : "Parts " + parts.stream().mapToInt(i -> i).min().getAsInt() + " to " + parts.stream().mapToInt(i -> i).max().getAsInt();
        return range + (text.contains("vault") ? ", which mention the vault." : ".");
    }

    private static String navigate(String prompt) {
        String summaries = prompt.substring(prompt.indexOf("Summary 1:"), prompt.indexOf("Reply in exactly"));
        String[] options = summaries.split("Summary \\d+:");
        for (int i = 1; i < options.length; i++) {
            if (options[i].contains("vault")) {
                return "Reasoning: summary " + i + " mentions the vault.\nAction: GO " + i;
            }
        }
        return "Reasoning: none of these mention the vault.\nAction: BACK";
    }

    private static String readLeaf(String prompt) {
        String passage = between(prompt, "\"\"\"", "\"\"\"");
        if (passage.contains(FACT)) {
            return "Reasoning: the passage states the code.\nAction: ANSWER 4471";
        }
        return "Reasoning: the passage does not give the code.\nAction: BACK";
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }

    private PlantedFactDocument() {
    }
}
