package dev.mnemos.inference.tokenizer;

import java.util.Arrays;

/** A growable list of token ids, so that encoding appends without boxing. */
final class TokenIds {

    private int[] ids = new int[64];
    private int size;

    void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    int size() {
        return size;
    }

    int get(int index) {
        return ids[index];
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
