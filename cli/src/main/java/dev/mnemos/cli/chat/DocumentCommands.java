package dev.mnemos.cli.chat;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.RecallTree;
import dev.mnemos.memory.tree.Segmenter;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code /ingest} and {@code /tree}: a document into the agent's archival memory, or into a summary tree it can walk. */
final class DocumentCommands {

    /** Passages of an ingested document, in estimated tokens: a paragraph or two, as a search hit should be. */
    static final int PASSAGE_TOKENS = 200;
    /** Passages embedded and stored together: the bar moves once per batch. */
    private static final int BATCH = 8;

    private DocumentCommands() {
    }

    static void ingest(ChatSession session, String file) throws IOException {
        Path path = document(file, "/ingest FILE");
        List<String> passages = new Segmenter(new ApproximateTokenCountEstimator(), PASSAGE_TOKENS).split(Files.readString(path));
        Set<String> tags = Set.of("document:" + path.getFileName());
        try (ProgressBar bar = session.progress("ingest", passages.size(), "passages")) {
            for (int from = 0; from < passages.size(); from += BATCH) {
                List<String> batch = passages.subList(from, Math.min(passages.size(), from + BATCH));
                session.archival().insert(session.agent(), batch, tags).await().atMost(SlashCommands.TIMEOUT);
                bar.add(batch.size());
            }
        }
        session.say("  " + passages.size() + " passages of " + path.getFileName() + " in archival memory (tag " + tags.iterator().next() + ")");
    }

    static void tree(ChatSession session, String arguments) throws IOException {
        String[] parts = arguments.split("\\s+");
        Path path = document(parts[0], "/tree FILE [ID]");
        String id = parts.length > 1 ? parts[1] : path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (id.equals(RecallTree.ID)) {
            throw new IllegalArgumentException("'" + RecallTree.ID + "' is the tree over the agent's recall history; give the tree another ID");
        }
        var runtime = session.runtime();
        var builder = new SummaryTreeBuilder(runtime.model(), new ApproximateTokenCountEstimator(), runtime.shape());
        ProgressBar[] bar = new ProgressBar[1];
        TreeBuild build;
        try {
            build = builder.build(id, Files.readString(path), (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = session.progress("summary tree", total, "nodes");
                }
                bar[0].set(done);
            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        session.store().summaryTrees().write(session.agent(), build).await().atMost(SlashCommands.TIMEOUT);
        session.say(String.format("  tree '%s': %d nodes, %d LLM calls, %,d tokens in, %,d out; the agent walks it with memory_walk(query, tree=\"%s\")",
                id, build.tree().nodes().size(), build.cost().calls(), build.cost().inputTokens(), build.cost().outputTokens(), id));
    }

    private static Path document(String file, String usage) {
        if (file.isBlank()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no file " + file);
        }
        return path;
    }
}
