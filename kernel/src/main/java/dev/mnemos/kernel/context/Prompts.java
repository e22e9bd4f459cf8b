package dev.mnemos.kernel.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text the kernel shows the LLM, read from resource files under {@code dev/mnemos/kernel/prompts/}:
 * {@code system.txt} (and {@code system-compact.txt}, its short form for small windows), {@code summarize.txt}, {@code resummarize.txt}, the short texts of
 * {@code texts.properties} and the syscall descriptions of {@code syscalls.properties}. Templates
 * mark placeholders as {@code {name}}.
 */
public final class Prompts {

    private static final String ROOT = "/dev/mnemos/kernel/prompts/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final Prompts DEFAULT = new Prompts(
            resource("system.txt"), resource("system-compact.txt"), resource("summarize.txt"), resource("resummarize.txt"),
            properties("texts.properties"), properties("syscalls.properties"));

    private final String system;
    private final String compactSystem;
    private final String summarize;
    private final String resummarize;
    private final Properties texts;
    private final Properties syscalls;

    private Prompts(String system, String compactSystem, String summarize, String resummarize, Properties texts, Properties syscalls) {
        this.system = system;
        this.compactSystem = compactSystem;
        this.summarize = summarize;
        this.resummarize = resummarize;
        this.texts = texts;
        this.syscalls = syscalls;
    }

    /** The kernel's own texts. */
    public static Prompts standard() {
        return DEFAULT;
    }

    /** The default system prompt (an agent's configuration may replace it). */
    public String systemPrompt() {
        return system;
    }

    /** The default system prompt of a small window ({@link ContextRenderer#compact(int)}): the same rules in a few lines. */
    public String compactSystemPrompt() {
        return compactSystem;
    }

    /** The prompt that folds evicted messages into the recursive summary. */
    public String summarize(String summary, String messages, int limitWords) {
        return fill(summarize, Map.of("summary", summary, "messages", messages, "limit", limitWords));
    }

    /** The prompt that shortens a summary grown too long. */
    public String resummarize(String summary, int limitWords) {
        return fill(resummarize, Map.of("summary", summary, "limit", limitWords));
    }

    /**
     * Produces the text of {@code key} from {@code texts.properties} with its placeholders filled.
     *
     * @throws IllegalArgumentException when there is no such key
     */
    public String text(String key, Map<String, ?> values) {
        return fill(lookup(texts, key, "texts.properties"), values);
    }

    /** The text of {@code key}, which has no placeholders. */
    public String text(String key) {
        return text(key, Map.of());
    }

    /** The description of a syscall ({@code name}) or of one of its parameters ({@code name.parameter}). */
    public String syscall(String key) {
        return lookup(syscalls, key, "syscalls.properties");
    }

    /** Replaces every {@code {name}} of {@code template} by its value; a placeholder without a value stays as it is. */
    public static String fill(String template, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            Object value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String lookup(Properties from, String key, String file) {
        String value = from.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no text '" + key + "' in " + file);
        }
        return value;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(String name) {
        try (Reader in = new InputStreamReader(open(name), StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        return Objects.requireNonNull(Prompts.class.getResourceAsStream(ROOT + name), "missing resource " + ROOT + name);
    }
}
