package dev.mnemos.inference.cuda;

import dev.mnemos.inference.kv.policy.RoundRecallPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Round-level recall on the device: {@link RoundRecallPolicy}'s choice, made on the host from the per-round scores
 * the device computes at the watershed layer ({@link CudaTransformer#roundMass}), applied to the device cache. In
 * the layers after the watershed, the pages of the rounds not recalled go to host memory and the recalled ones come
 * back ({@link DeviceKv#offload}, {@link DeviceKv#restore}), and those layers attend to a list of pages
 * ({@link AttentionMode#listed}): the recalled rounds' pages, then every page from the current round's first to the
 * cache's end, so that the list holds for the whole round while it grows. The device's pages are positional, so a
 * round must start on a page boundary (the CPU opens a page per round; here the caller lays rounds out so).
 * One instance per sequence; not thread-safe.
 */
public final class DeviceRoundRecall {

    /** A page to move: to host memory ({@code offload}) or back. */
    record Move(int layer, int kvHead, int logical, boolean offload) {}

    private final int watershed;
    private final int topRounds;
    private final Map<Move, DeviceKv.HostPage> host = new HashMap<>();

    public DeviceRoundRecall(int watershed, int topRounds) {
        if (watershed < 0 || topRounds < 0) throw new IllegalArgumentException("watershed " + watershed + ", top rounds " + topRounds);
        this.watershed = watershed;
        this.topRounds = topRounds;
    }

    /**
     * Recalls for round {@code current} from its scores (one per round up to the current one) and returns the mode its
     * steps run with. {@code roundOfPage}: the round of each logical page written so far.
     */
    public AttentionMode recall(CudaTransformer cuda, float[] roundMass, int[] roundOfPage, int current) {
        boolean[] chosen = new boolean[current + 1];
        RoundRecallPolicy.choose(roundMass, current, topRounds, chosen);
        DeviceKv kv = cuda.kv();
        int layers = cuda.weights().layers().size();
        for (Move move : moves(kv.table(), kv.table().streams() / layers, layers, roundOfPage, chosen, current)) {
            Move key = new Move(move.layer(), move.kvHead(), move.logical(), true);
            if (move.offload()) host.put(key, kv.offload(move.layer(), move.kvHead(), move.logical()));
            else kv.restore(move.layer(), move.kvHead(), move.logical(), host.remove(key));
        }
        int[] pages = listed(roundOfPage, chosen, current, kv.maxPages());
        cuda.listPages(pages);
        return AttentionMode.listed(pages.length, watershed + 1);
    }

    /**
     * The pages to move for a recall, as the CPU policy moves them: in every layer after the watershed, each page of an
     * earlier round goes to host memory unless its round is chosen, and comes back if it is chosen and away.
     */
    List<Move> moves(PageTable table, int kvHeads, int layers, int[] roundOfPage, boolean[] chosen, int current) {
        List<Move> moves = new ArrayList<>();
        for (int l = watershed + 1; l < layers; l++) {
            for (int h = 0; h < kvHeads; h++) {
                for (int p = 0; p < roundOfPage.length && roundOfPage[p] < current; p++) {
                    boolean resident = table.physical(l * kvHeads + h, p) != PageTable.OFFLOADED;
                    boolean wanted = chosen[roundOfPage[p]];
                    if (wanted != resident) moves.add(new Move(l, h, p, !wanted));
                }
            }
        }
        return moves;
    }

    /** The recalled rounds' pages in order, then the current round's first page and every later one up to {@code maxPages}. */
    static int[] listed(int[] roundOfPage, boolean[] chosen, int current, int maxPages) {
        List<Integer> pages = new ArrayList<>();
        int first = 0;
        while (first < roundOfPage.length && roundOfPage[first] < current) {
            if (chosen[roundOfPage[first]]) pages.add(first);
            first++;
        }
        for (int p = first; p < maxPages; p++) pages.add(p);
        return pages.stream().mapToInt(Integer::intValue).toArray();
    }
}
