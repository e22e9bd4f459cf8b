package dev.mnemos.memory.tree;

import java.util.Locale;

/**
 * What the LLM decided at one node of a walk, read from its reply. The reply format is strict so
 * that small models can follow it and a parser can check it:
 *
 * <pre>
 * Reasoning: why, in a sentence or two
 * Action: GO 2          (at a summary node: open child 2)
 * Action: BACK          (anywhere: the answer is not below here)
 * Action: ANSWER text   (at a leaf: the answer)
 * </pre>
 *
 * @param action what to do
 * @param child for {@link Action#GO}, the index of the chosen option, from 1; else 0
 * @param answer for {@link Action#ANSWER}, the answer; else empty
 * @param reasoning the model's reasoning, empty when it gave none
 */
public record WalkReply(Action action, int child, String answer, String reasoning) {

    public enum Action {
        GO,
        BACK,
        ANSWER
    }

    /** A reply that could not be read, with a message that tells the model what to fix. */
    public static final class MalformedReplyException extends Exception {
        public MalformedReplyException(String message) {
            super(message);
        }
    }

    /**
     * Reads a reply given at a node with {@code options} children ({@code 0} at a leaf).
     *
     * @throws MalformedReplyException when there is no {@code Action:} line, the action is unknown,
     *     not allowed here, or names a child that does not exist
     */
    public static WalkReply parse(String reply, int options) throws MalformedReplyException {
        String reasoning = "";
        String action = null;
        StringBuilder reasoningLines = null;
        for (String line : reply.strip().split("\\R")) {
            String trimmed = line.strip();
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (lower.startsWith("action:")) {
                action = trimmed.substring("action:".length()).strip();
                reasoningLines = null;
            } else if (lower.startsWith("reasoning:")) {
                reasoningLines = new StringBuilder(trimmed.substring("reasoning:".length()).strip());
            } else if (reasoningLines != null && !trimmed.isEmpty()) {
                reasoningLines.append(' ').append(trimmed);
            }
            if (reasoningLines != null) {
                reasoning = reasoningLines.toString();
            }
        }
        if (action == null) {
            throw new MalformedReplyException("the reply has no line starting with 'Action:'");
        }
        String[] words = action.split("\\s+", 2);
        String verb = words[0].toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (verb) {
            case "BACK" -> {
                return new WalkReply(Action.BACK, 0, "", reasoning);
            }
            case "GO" -> {
                if (options == 0) {
                    throw new MalformedReplyException("this is a leaf: answer with 'Action: ANSWER <answer>' or 'Action: BACK'");
                }
                int child;
                try {
                    child = Integer.parseInt(argument.replaceAll("[^0-9]", ""));
                } catch (NumberFormatException e) {
                    throw new MalformedReplyException("'Action: GO' needs the number of a summary, 1 to " + options);
                }
                if (child < 1 || child > options) {
                    throw new MalformedReplyException("there is no summary " + child + ": choose 1 to " + options);
                }
                return new WalkReply(Action.GO, child, "", reasoning);
            }
            case "ANSWER" -> {
                if (options > 0) {
                    throw new MalformedReplyException("these are summaries, not the text: choose 'Action: GO <n>' or 'Action: BACK'");
                }
                if (argument.isEmpty()) {
                    throw new MalformedReplyException("'Action: ANSWER' needs the answer after it");
                }
                return new WalkReply(Action.ANSWER, 0, argument, reasoning);
            }
            default -> throw new MalformedReplyException("unknown action '" + words[0] + "': use " + (options > 0 ? "GO <n> or BACK" : "ANSWER <answer> or BACK"));
        }
    }
}
