package dev.mnemos.inference.generation;

import dev.mnemos.inference.model.State;
import dev.mnemos.inference.model.Transformer;
import java.util.Arrays;

/**
 * One agent's running sequence: the KV cache and the token ids whose keys and values it holds. A new
 * prompt that starts with the same tokens prefills only the rest; an agent re-sends its whole context
 * every step, so this is where most of the prefill goes away. Used by one generation at a time.
 */
public final class Session {

    private final String id;
    private final State state;
    private final int[] tokens; // (context): ids whose KV the cache holds, [0, length)
    private int length;

    Session(String id, State state) {
        this.id = id;
        this.state = state;
        this.tokens = new int[state.kv().capacity()];
    }

    public String id() {
        return id;
    }

    /** Positions the cache holds. */
    public int length() {
        return length;
    }

    /** The context length: positions this session can hold. */
    public int capacity() {
        return tokens.length;
    }

    /** The ids whose KV the session holds. */
    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    State state() {
        return state;
    }

    /** The token history for the sampler's penalties (valid up to {@link #length()}). */
    int[] history() {
        return tokens;
    }

    /**
     * Brings the cache to exactly {@code prompt}: keeps the longest common prefix (all but the last
     * prompt token at most, whose logits the caller needs), runs the rest, and returns how many prompt
     * tokens were reused. The logits of the last prompt token are then in {@link State#logits()}.
     */
    int prefill(Transformer transformer, int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (prompt.length > capacity()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens, the context holds " + capacity());
        }
        int common = Math.min(commonPrefix(prompt), prompt.length - 1);
        state.kv().truncate(common);
        length = common;
        transformer.forward(state, prompt, common, prompt.length - common, common);
        System.arraycopy(prompt, common, tokens, common, prompt.length - common);
        length = prompt.length;
        return common;
    }

    /** How many leading tokens of {@code prompt} this session holds. */
    int commonPrefix(int[] prompt) {
        int common = 0;
        int limit = Math.min(length, prompt.length);
        while (common < limit && tokens[common] == prompt[common]) {
            common++;
        }
        return common;
    }

    /** Runs one more token at the end; its logits are then in {@link State#logits()}. */
    void append(Transformer transformer, int token) {
        if (length == capacity()) {
            throw new IllegalStateException("session " + id + " is full: " + capacity() + " positions");
        }
        tokens[length] = token;
        transformer.forward(state, tokens, length, 1, length);
        length++;
    }
}
