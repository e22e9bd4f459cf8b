package dev.mnemos.memory.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A long document and questions about it. The file is JSON: {@code title}, {@code document} (a file
 * name beside it) and {@code questions}, each {@code {"question": ..., "answers": [...]}}.
 *
 * @param title what the document is
 * @param document its text
 * @param items the questions
 */
public record QaSet(String title, String document, List<QaItem> items) {

    /** The set shipped with mnemos: an original story of about 6,000 tokens, with questions from its start to its end. */
    public static final String BUILT_IN = "greyhaven-qa.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public QaSet {
        items = List.copyOf(items);
    }

    /** Loads the set shipped with mnemos. */
    public static QaSet builtIn() throws IOException {
        return parse(resource(BUILT_IN), QaSet::resource);
    }

    /** Loads a set from a file; its document is read from beside it. */
    public static QaSet fromFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return parse(Files.readString(file), name -> Files.readString(dir.resolve(name)));
    }

    private interface Reader {
        String read(String name) throws IOException;
    }

    private static QaSet parse(String json, Reader documents) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<QaItem> items = new ArrayList<>();
        for (JsonNode item : root.path("questions")) {
            List<String> answers = new ArrayList<>();
            item.path("answers").forEach(answer -> answers.add(answer.asText()));
            items.add(new QaItem(item.path("question").asText(), answers));
        }
        return new QaSet(root.path("title").asText(), documents.read(root.path("document").asText()), items);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = QaSet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource missing beside " + QaSet.class.getName() + ": " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
