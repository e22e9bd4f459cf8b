package dev.mnemos.cli.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell does, without expansions: blanks separate words;
 * single quotes keep everything up to the next one; double quotes keep everything but a backslash
 * before {@code "}, {@code \}, {@code $} or {@code `}; outside quotes a backslash keeps the next
 * character. {@code ""} is an empty word.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** @throws IllegalArgumentException when a quote is not closed or the line ends in a lone backslash */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i++);
            switch (c) {
                case ' ', '\t', '\n' -> {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case '\'' -> {
                    int end = line.indexOf('\'', i);
                    if (end < 0) {
                        throw new IllegalArgumentException("a single quote is not closed: " + line);
                    }
                    word.append(line, i, end);
                    i = end + 1;
                    inWord = true;
                }
                case '"' -> {
                    i = doubleQuoted(line, i, word);
                    inWord = true;
                }
                case '\\' -> {
                    if (i == line.length()) {
                        throw new IllegalArgumentException("the line ends in a backslash: " + line);
                    }
                    word.append(line.charAt(i++));
                    inWord = true;
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text that starts at {@code from} and produces the index after its closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i < line.length() && "\"\\$`".indexOf(line.charAt(i)) >= 0) {
                c = line.charAt(i++);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("a double quote is not closed: " + line);
    }
}
