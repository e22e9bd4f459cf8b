package dev.mnemos.agents.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The benchmark's tasks ({@code tool-tasks.json}) and the sandbox the filesystem server works in.
 *
 * @param sandbox the files of the sandbox, by relative path
 * @param tasks the tasks, in order
 */
record ToolTasks(Map<String, String> sandbox, List<Task> tasks) {

    /**
     * One task: the user's request, the tool that answers it, and what must show that it was answered.
     *
     * @param answer text the agent's reply must contain, or null
     * @param file a sandbox path that must exist afterwards, or null
     * @param fileContains text that file must contain, or null
     */
    record Task(String id, String prompt, String tool, String answer, String file, String fileContains) {

        /** The request with the sandbox's path filled in. */
        String prompt(Path sandbox) {
            return prompt.replace("{sandbox}", sandbox.toString());
        }

        /**
         * The request as tool retrieval sees it: the same on every run. The sandbox's path is a fresh
         * temporary folder, and its random characters would move borderline tools in and out of the top k.
         */
        String query() {
            return prompt.replace("{sandbox}", "sandbox");
        }

        String answer(Path sandbox) {
            return answer == null ? null : answer.replace("{sandbox}", sandbox.toString());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The tasks that ship with mnemos. */
    static ToolTasks standard() {
        try (InputStream in = Objects.requireNonNull(ToolTasks.class.getResourceAsStream("/dev/mnemos/agents/bench/tool-tasks.json"))) {
            return JSON.readValue(in, ToolTasks.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These tasks, or only those named by {@code ids} when it is not null. */
    ToolTasks only(List<String> ids) {
        return ids == null ? this : new ToolTasks(sandbox, tasks.stream().filter(t -> ids.contains(t.id())).toList());
    }

    /** Writes the sandbox afresh under {@code dir}, removing what a previous task left. */
    void resetSandbox(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        for (var file : sandbox.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }
}
