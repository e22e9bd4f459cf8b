package dev.mnemos.inference.chat;

/** A chat template that cannot be rendered: bad syntax, or a {@code raise_exception(...)} in the template itself. */
public final class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
