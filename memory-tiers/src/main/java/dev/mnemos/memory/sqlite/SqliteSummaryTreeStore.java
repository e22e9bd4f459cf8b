package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.SummaryTreeStore;
import dev.mnemos.memory.tree.TreeBuild;
import dev.mnemos.memory.tree.TreeCosts;
import dev.mnemos.memory.tree.TreeNode;
import dev.mnemos.memory.tree.TreeShape;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Summary trees in the embedded engine: a header row per tree and a row per node (migration 002). */
final class SqliteSummaryTreeStore implements SummaryTreeStore {

    private final SqliteExecutor executor;

    SqliteSummaryTreeStore(SqliteExecutor executor) {
        this.executor = executor;
    }

    @Override
    public Uni<Void> write(AgentKey agent, TreeBuild build) {
        SummaryTree tree = build.tree();
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Optional<Header> stored = header(connection, agent, tree.id());
            if (stored.isPresent()) {
                if (!stored.get().shape().equals(tree.shape())) {
                    throw new MemoryException("tree " + tree.id() + " is stored cut as " + stored.get().shape() + ", not " + tree.shape());
                }
                if (stored.get().watermark() > tree.watermark()) {
                    throw new MemoryException("tree " + tree.id() + " was extended to " + stored.get().watermark()
                            + " since this build read it at or before " + tree.watermark() + ": load it again");
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO summary_trees (organization, agent, tree_id, segment_tokens, fan_out, watermark, depth,
                        build_calls, build_input_tokens, build_output_tokens)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (organization, agent, tree_id) DO UPDATE SET watermark = excluded.watermark, depth = excluded.depth,
                        build_calls = build_calls + excluded.build_calls,
                        build_input_tokens = build_input_tokens + excluded.build_input_tokens,
                        build_output_tokens = build_output_tokens + excluded.build_output_tokens""")) {
                bindKey(upsert, agent, tree.id());
                upsert.setInt(4, tree.shape().segmentTokens());
                upsert.setInt(5, tree.shape().fanOut());
                upsert.setLong(6, tree.watermark());
                upsert.setInt(7, tree.depth());
                upsert.setLong(8, build.cost().calls());
                upsert.setLong(9, build.cost().inputTokens());
                upsert.setLong(10, build.cost().outputTokens());
                upsert.executeUpdate();
            }
            try (PreparedStatement node = connection.prepareStatement("""
                    INSERT OR REPLACE INTO summary_tree_nodes (organization, agent, tree_id, level, position, text, summary, tokens)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (TreeNode written : build.written()) {
                    bindKey(node, agent, tree.id());
                    node.setInt(4, written.level());
                    node.setInt(5, written.position());
                    node.setString(6, written.text());
                    node.setString(7, written.summary());
                    node.setInt(8, written.tokens());
                    node.addBatch();
                }
                node.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Uni<Optional<SummaryTree>> load(AgentKey agent, String treeId) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Optional<Header> header = header(connection, agent, treeId);
            if (header.isEmpty()) {
                return Optional.<SummaryTree>empty();
            }
            List<List<TreeNode>> levels = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT level, position, text, summary, tokens FROM summary_tree_nodes
                    WHERE organization = ? AND agent = ? AND tree_id = ? AND level < ? ORDER BY level, position""")) {
                bindKey(select, agent, treeId);
                select.setInt(4, header.get().depth());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        int level = rows.getInt(1);
                        while (levels.size() <= level) {
                            levels.add(new ArrayList<>());
                        }
                        levels.get(level).add(new TreeNode(level, rows.getInt(2), rows.getString(3), rows.getString(4), rows.getInt(5)));
                    }
                }
            }
            try {
                return Optional.of(new SummaryTree(treeId, header.get().shape(), levels, header.get().watermark()));
            } catch (IllegalArgumentException e) {
                throw new MemoryException("stored summary tree " + treeId + " of " + agent + " is incomplete: " + e.getMessage());
            }
        });
    }

    @Override
    public Uni<List<String>> list(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tree_id FROM summary_trees WHERE organization = ? AND agent = ? ORDER BY tree_id")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                try (ResultSet rows = select.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        });
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String treeId) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM summary_trees WHERE organization = ? AND agent = ? AND tree_id = ?")) {
                bindKey(delete, agent, treeId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Uni<Void> recordWalk(AgentKey agent, String treeId, LlmCost cost) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE summary_trees SET walks = walks + 1, walk_calls = walk_calls + ?,
                        walk_input_tokens = walk_input_tokens + ?, walk_output_tokens = walk_output_tokens + ?
                    WHERE organization = ? AND agent = ? AND tree_id = ?""")) {
                update.setLong(1, cost.calls());
                update.setLong(2, cost.inputTokens());
                update.setLong(3, cost.outputTokens());
                update.setString(4, agent.organization());
                update.setString(5, agent.agent());
                update.setString(6, treeId);
                if (update.executeUpdate() == 0) {
                    throw new MemoryException("no summary tree " + treeId + " of " + agent);
                }
            }
            return null;
        });
    }

    @Override
    public Uni<TreeCosts> costs(AgentKey agent, String treeId) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT build_calls, build_input_tokens, build_output_tokens, walks, walk_calls, walk_input_tokens, walk_output_tokens
                    FROM summary_trees WHERE organization = ? AND agent = ? AND tree_id = ?""")) {
                bindKey(select, agent, treeId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return TreeCosts.NONE;
                    }
                    return new TreeCosts(new LlmCost(rows.getLong(1), rows.getLong(2), rows.getLong(3)), rows.getLong(4),
                            new LlmCost(rows.getLong(5), rows.getLong(6), rows.getLong(7)));
                }
            }
        });
    }

    private record Header(TreeShape shape, long watermark, int depth) {
    }

    private static Optional<Header> header(Connection connection, AgentKey agent, String treeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT segment_tokens, fan_out, watermark, depth FROM summary_trees WHERE organization = ? AND agent = ? AND tree_id = ?")) {
            bindKey(select, agent, treeId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Header(new TreeShape(rows.getInt(1), rows.getInt(2)), rows.getLong(3), rows.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    private static void bindKey(PreparedStatement statement, AgentKey agent, String treeId) throws SQLException {
        statement.setString(1, agent.organization());
        statement.setString(2, agent.agent());
        statement.setString(3, treeId);
    }
}
