package dev.mnemos.cli.serve.letta;

import java.util.List;
import java.util.function.Function;

/**
 * Letta's cursor pages ({@code before}, {@code after}, {@code limit}) over a list the server holds
 * whole (an agent's tools, an organisation's agents). Letta's client follows {@code after} = the
 * last item's id until a page comes back empty, so a route that ignored the cursor would be read forever.
 */
final class ArrayPages {

    private ArrayPages() {}

    /**
     * @throws IllegalArgumentException for a limit under 1, or a cursor that names no item
     */
    static <T> List<T> page(List<T> items, Function<T, String> id, String before, String after, Integer limit) {
        int from = 0;
        int to = items.size();
        if (after != null && !after.isBlank()) {
            from = index(items, id, after) + 1;
        }
        if (before != null && !before.isBlank()) {
            to = index(items, id, before);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (from >= to) {
            return List.of();
        }
        int size = limit == null ? to - from : Math.min(limit, to - from);
        // Going back (before only), the page is the items nearest the cursor.
        return before != null && !before.isBlank() && (after == null || after.isBlank()) ? items.subList(to - size, to) : items.subList(from, from + size);
    }

    private static <T> int index(List<T> items, Function<T, String> id, String cursor) {
        for (int i = 0; i < items.size(); i++) {
            if (id.apply(items.get(i)).equals(cursor)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no item '" + cursor + "' to page from");
    }
}
