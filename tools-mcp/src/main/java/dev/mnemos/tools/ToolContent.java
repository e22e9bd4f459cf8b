package dev.mnemos.tools;

import static java.util.Objects.requireNonNull;

/** One part of what a tool returned: text, or something else that the LLM only learns the description of. */
public sealed interface ToolContent {

    /** Text as the tool returned it; {@link ToolOutputFence} still checks it for binary bytes. */
    record Text(String text) implements ToolContent {
        public Text {
            requireNonNull(text, "text");
        }
    }

    /**
     * Content that is no text: an image, audio, a binary resource, a link to a resource.
     *
     * @param kind what it is, in a word ("image", "audio", "resource", "resource link")
     * @param mimeType its media type; may be {@code null} when unknown
     * @param bytes its size in bytes; negative when unknown
     * @param source where it lives (a URI) or {@code null}
     */
    record NonText(String kind, String mimeType, long bytes, String source) implements ToolContent {
        public NonText {
            requireNonNull(kind, "kind");
        }

        /** The line the LLM reads in place of the content. */
        public String description() {
            var line = new StringBuilder("[").append(kind);
            if (mimeType != null) {
                line.append(", ").append(mimeType);
            }
            if (bytes >= 0) {
                line.append(", ").append(bytes).append(" bytes");
            }
            if (source != null) {
                line.append(", at ").append(source);
            }
            return line.append(": not shown]").toString();
        }
    }
}
