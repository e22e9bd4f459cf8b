package dev.mnemos.memory.tree;

import dev.langchain4j.model.TokenCountEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts text into leaf segments of at most {@code segmentTokens} tokens each, preferring to cut at
 * the end of a paragraph, then of a sentence, and only inside a sentence when one is longer than a
 * segment, and inside a run without spaces only when it is longer than a segment. Whitespace
 * between words is kept, so the segments joined give the text back.
 */
public final class Segmenter {

    private final TokenCountEstimator estimator;
    private final int segmentTokens;

    public Segmenter(TokenCountEstimator estimator, int segmentTokens) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        if (segmentTokens < 1) {
            throw new IllegalArgumentException("segmentTokens must be positive, got " + segmentTokens);
        }
        this.segmentTokens = segmentTokens;
    }

    /** Produces the segments of {@code text} in order; none for blank text. */
    public List<String> split(String text) {
        List<String> segments = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return segments;
        }
        StringBuilder current = new StringBuilder();
        int tokens = 0;
        // where to cut when the segment overflows: after the last paragraph end, else the last sentence end
        int paragraphCut = -1;
        int sentenceCut = -1;
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String word = text.substring(i, end);
            int wordTokens = Math.max(1, estimator.estimateTokenCountInText(word));
            if (wordTokens > segmentTokens) {
                // a run without spaces longer than a segment (CJK text, a dump): cut it where it would overflow
                end = i + Math.max(1, (int) ((long) word.length() * segmentTokens / wordTokens / 2));
                word = text.substring(i, end);
                wordTokens = Math.max(1, estimator.estimateTokenCountInText(word));
            }
            if (tokens + wordTokens > segmentTokens && !current.isEmpty()) {
                int cut = paragraphCut > current.length() / 2 ? paragraphCut : sentenceCut > current.length() / 2 ? sentenceCut : current.length();
                segments.add(current.substring(0, cut));
                String rest = current.substring(cut);
                current.setLength(0);
                current.append(rest);
                tokens = rest.isEmpty() ? 0 : estimator.estimateTokenCountInText(rest);
                paragraphCut = -1;
                sentenceCut = -1;
            }
            current.append(word);
            tokens += wordTokens;
            String trimmed = word.stripTrailing();
            if (word.indexOf('\n') >= 0 && word.indexOf('\n') != word.lastIndexOf('\n')) {
                paragraphCut = current.length();
            }
            if (!trimmed.isEmpty() && ".!?\"'”’".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0) {
                sentenceCut = current.length();
            }
            i = end;
        }
        if (!current.isEmpty() && !current.toString().isBlank()) {
            segments.add(current.toString());
        }
        return segments;
    }
}
