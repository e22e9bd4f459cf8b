package dev.mnemos.cli.chat;

/**
 * One of the session's {@code /commands}.
 *
 * @param name what the user types after the slash
 * @param usage its arguments, for /help
 * @param description one line for /help
 * @param needsModel true when it needs the LLM (and so is refused, with the reason, without one)
 * @param action what it does with the rest of the line
 */
record SlashCommand(String name, String usage, String description, boolean needsModel, Action action) {

    @FunctionalInterface
    interface Action {
        void run(ChatSession session, String arguments) throws Exception;
    }
}
