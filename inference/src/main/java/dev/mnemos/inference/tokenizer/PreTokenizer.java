package dev.mnemos.inference.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before byte-level BPE, with the regular expressions of llama.cpp's {@code llm_tokenizer_bpe}
 * for each {@code tokenizer.ggml.pre}. Several expressions apply one after the other, each to the pieces the one before
 * left; text between matches stays a piece of its own, as in llama.cpp's {@code unicode_regex_split}.
 *
 * <p>{@code \s} means Unicode White_Space, the set llama.cpp's tables call whitespace (Java's {@code \s} is ASCII
 * only). The GPT-2 and Llama 3 expressions end in {@code \s+}, which llama.cpp's hand-written matchers for them
 * apply although the GPT-2 expression leaves it out.
 */
enum PreTokenizer {
    GPT2(Classes.GPT2_WORDS + "|" + Classes.WS + "+"),
    LLAMA3(Classes.wordsSplittingDigits("\\p{N}{1,3}")),
    QWEN2(Classes.wordsSplittingDigits("\\p{N}")),
    DEFAULT("[\\p{P}\\$\\+<=>\\^~\\|]+", Classes.GPT2_WORDS + "|" + Classes.WS + "+", "\\p{N}+", "[0-9][0-9][0-9]");

    /** Pieces of the expressions; a nested class, because enum constants cannot read the enum's own statics. */
    private static final class Classes {
        // Unicode White_Space, inside a character class
        private static final String WS_CHARS = "\\t\\n\\x{0B}\\f\\r\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
                + "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";
        private static final String WS = "[" + WS_CHARS + "]";
        private static final String NOT_WS = "[^" + WS_CHARS + "]";
        private static final String GPT2_WORDS = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" + WS_CHARS
                + "\\p{L}\\p{N}]+|" + WS + "+(?!" + NOT_WS + ")";

        /** Llama 3's expression (case-insensitive contractions, newlines kept apart), with its run of digits. */
        static String wordsSplittingDigits(String digits) {
            return "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|" + digits
                    + "| ?[^" + WS_CHARS + "\\p{L}\\p{N}]+[\\r\\n]*|" + WS + "*[\\r\\n]+|" + WS + "+(?!" + NOT_WS + ")|"
                    + WS + "+";
        }
    }

    private final Pattern[] patterns;

    PreTokenizer(String... expressions) {
        this.patterns = new Pattern[expressions.length];
        for (int i = 0; i < expressions.length; i++) {
            patterns[i] = Pattern.compile(expressions[i]);
        }
    }

    /**
     * The pre-tokenizer llama.cpp uses for a {@code tokenizer.ggml.pre} value, or null for one not supported here.
     */
    static PreTokenizer forName(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
                    "dbrx", "smaug-bpe" -> LLAMA3;
            case "qwen2", "deepseek-r1-qwen", "megrez", "stablelm2", "hunyuan" -> QWEN2;
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
                    "mpt", "olmo", "jais", "trillion", "exaone4", "modern-bert" -> GPT2;
            default -> null;
        };
    }

    List<String> split(String text) {
        List<String> pieces = List.of(text);
        for (Pattern pattern : patterns) {
            var next = new ArrayList<String>();
            for (String piece : pieces) {
                Matcher matcher = pattern.matcher(piece);
                int end = 0;
                while (matcher.find()) {
                    if (matcher.start() > end) {
                        next.add(piece.substring(end, matcher.start()));
                    }
                    next.add(matcher.group());
                    end = matcher.end();
                }
                if (end < piece.length()) {
                    next.add(piece.substring(end));
                }
            }
            pieces = next;
        }
        return pieces;
    }
}
