package dev.mnemos.agents.syscall;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The descriptions of the long-memory syscalls, read from {@code syscalls.properties} beside this class. */
final class SyscallTexts {

    private static final Properties TEXTS = load();

    private SyscallTexts() {
    }

    /**
     * The text of {@code key}: a syscall's name, or {@code name.parameter}.
     *
     * @throws IllegalArgumentException when there is none (a packaging error)
     */
    static String get(String key) {
        String text = TEXTS.getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("no text '" + key + "' in syscalls.properties");
        }
        return text;
    }

    private static Properties load() {
        try (InputStream in = SyscallTexts.class.getResourceAsStream("syscalls.properties")) {
            if (in == null) {
                throw new IllegalStateException("syscalls.properties missing beside " + SyscallTexts.class.getName());
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
