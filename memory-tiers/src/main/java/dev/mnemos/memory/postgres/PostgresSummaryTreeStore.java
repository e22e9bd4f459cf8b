package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.SummaryTreeStore;
import dev.mnemos.memory.tree.TreeBuild;
import dev.mnemos.memory.tree.TreeCosts;
import dev.mnemos.memory.tree.TreeNode;
import dev.mnemos.memory.tree.TreeShape;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Summary trees on {@code summary_trees} and {@code summary_tree_nodes} (migration V002), in native SQL. */
final class PostgresSummaryTreeStore implements SummaryTreeStore {

    private static final String KEY = "organization = :organization AND agent = :agent AND tree_id = :tree";

    private final Sessions sessions;

    PostgresSummaryTreeStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> write(AgentKey agent, TreeBuild build) {
        SummaryTree tree = build.tree();
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery(
                        "SELECT segment_tokens, fan_out, watermark FROM summary_trees WHERE " + KEY + " FOR UPDATE", Object[].class), agent, tree.id())
                        .getResultList())
                .invoke(rows -> {
                    if (!rows.isEmpty()) {
                        Object[] row = rows.getFirst();
                        TreeShape stored = new TreeShape(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
                        if (!stored.equals(tree.shape())) {
                            throw new MemoryException("tree " + tree.id() + " is stored cut as " + stored + ", not " + tree.shape());
                        }
                        long watermark = ((Number) row[2]).longValue();
                        if (watermark > tree.watermark()) {
                            throw new MemoryException("tree " + tree.id() + " was extended to " + watermark
                                    + " since this build read it at or before " + tree.watermark() + ": load it again");
                        }
                    }
                })
                .chain(() -> keyed(session.createNativeQuery("""
                        INSERT INTO summary_trees (organization, agent, tree_id, segment_tokens, fan_out, watermark, depth,
                            build_calls, build_input_tokens, build_output_tokens)
                        VALUES (:organization, :agent, :tree, :segment, :fanOut, :watermark, :depth, :calls, :input, :output)
                        ON CONFLICT (organization, agent, tree_id) DO UPDATE SET watermark = excluded.watermark, depth = excluded.depth,
                            build_calls = summary_trees.build_calls + excluded.build_calls,
                            build_input_tokens = summary_trees.build_input_tokens + excluded.build_input_tokens,
                            build_output_tokens = summary_trees.build_output_tokens + excluded.build_output_tokens"""), agent, tree.id())
                        .setParameter("segment", tree.shape().segmentTokens())
                        .setParameter("fanOut", tree.shape().fanOut())
                        .setParameter("watermark", tree.watermark())
                        .setParameter("depth", tree.depth())
                        .setParameter("calls", build.cost().calls())
                        .setParameter("input", build.cost().inputTokens())
                        .setParameter("output", build.cost().outputTokens())
                        .executeUpdate())
                .chain(() -> Multi.createFrom().iterable(build.written())
                        .onItem().transformToUniAndConcatenate(node -> keyed(session.createNativeQuery("""
                                INSERT INTO summary_tree_nodes (organization, agent, tree_id, level, position, text, summary, tokens)
                                VALUES (:organization, :agent, :tree, :level, :position, :text, :summary, :tokens)
                                ON CONFLICT (organization, agent, tree_id, level, position)
                                DO UPDATE SET text = excluded.text, summary = excluded.summary, tokens = excluded.tokens"""), agent, tree.id())
                                .setParameter("level", node.level())
                                .setParameter("position", node.position())
                                .setParameter("text", node.text())
                                .setParameter("summary", node.summary())
                                .setParameter("tokens", node.tokens())
                                .executeUpdate())
                        .collect().last())
                .replaceWithVoid());
    }

    @Override
    public Uni<Optional<SummaryTree>> load(AgentKey agent, String treeId) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery(
                        "SELECT segment_tokens, fan_out, watermark, depth FROM summary_trees WHERE " + KEY, Object[].class), agent, treeId)
                        .getResultList())
                .chain(headers -> {
                    if (headers.isEmpty()) {
                        return Uni.createFrom().item(Optional.<SummaryTree>empty());
                    }
                    Object[] header = headers.getFirst();
                    TreeShape shape = new TreeShape(((Number) header[0]).intValue(), ((Number) header[1]).intValue());
                    long watermark = ((Number) header[2]).longValue();
                    int depth = ((Number) header[3]).intValue();
                    return keyed(session.createNativeQuery("SELECT level, position, text, summary, tokens FROM summary_tree_nodes WHERE " + KEY
                                    + " AND level < :depth ORDER BY level, position", Object[].class), agent, treeId)
                            .setParameter("depth", depth)
                            .getResultList()
                            .map(rows -> Optional.of(tree(agent, treeId, shape, watermark, rows)));
                }));
    }

    private static SummaryTree tree(AgentKey agent, String treeId, TreeShape shape, long watermark, List<Object[]> rows) {
        List<List<TreeNode>> levels = new ArrayList<>();
        for (Object[] row : rows) {
            int level = ((Number) row[0]).intValue();
            while (levels.size() <= level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level).add(new TreeNode(level, ((Number) row[1]).intValue(), (String) row[2], (String) row[3], ((Number) row[4]).intValue()));
        }
        try {
            return new SummaryTree(treeId, shape, levels, watermark);
        } catch (IllegalArgumentException e) {
            throw new MemoryException("stored summary tree " + treeId + " of " + agent + " is incomplete: " + e.getMessage());
        }
    }

    @Override
    public Uni<List<String>> list(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> session.createNativeQuery(
                                "SELECT tree_id FROM summary_trees WHERE organization = :organization AND agent = :agent ORDER BY tree_id", String.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getResultList()));
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String treeId) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery("DELETE FROM summary_trees WHERE " + KEY), agent, treeId).executeUpdate())
                .map(deleted -> deleted > 0));
    }

    @Override
    public Uni<Void> recordWalk(AgentKey agent, String treeId, LlmCost cost) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery("""
                        UPDATE summary_trees SET walks = walks + 1, walk_calls = walk_calls + :calls,
                            walk_input_tokens = walk_input_tokens + :input, walk_output_tokens = walk_output_tokens + :output
                        """ + " WHERE " + KEY), agent, treeId)
                        .setParameter("calls", cost.calls())
                        .setParameter("input", cost.inputTokens())
                        .setParameter("output", cost.outputTokens())
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
                        throw new MemoryException("no summary tree " + treeId + " of " + agent);
                    }
                })
                .replaceWithVoid());
    }

    @Override
    public Uni<TreeCosts> costs(AgentKey agent, String treeId) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery("""
                        SELECT build_calls, build_input_tokens, build_output_tokens, walks, walk_calls, walk_input_tokens, walk_output_tokens
                        FROM summary_trees""" + " WHERE " + KEY, Object[].class), agent, treeId)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return TreeCosts.NONE;
                    }
                    Object[] row = rows.getFirst();
                    return new TreeCosts(new LlmCost(n(row[0]), n(row[1]), n(row[2])), n(row[3]), new LlmCost(n(row[4]), n(row[5]), n(row[6])));
                }));
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    private static <Q extends Mutiny.AbstractQuery> Q keyed(Q query, AgentKey agent, String treeId) {
        query.setParameter("organization", agent.organization());
        query.setParameter("agent", agent.agent());
        query.setParameter("tree", treeId);
        return query;
    }
}
