package dev.mnemos.inference.kv;

import java.util.Arrays;

/** Slot numbers of a tier: freed ones are reused before new ones are handed out. */
final class SlotFreeList {

    private int[] free = new int[16];
    private int freeCount;
    private int issued;
    private int inUse;

    int take() {
        inUse++;
        return freeCount > 0 ? free[--freeCount] : issued++;
    }

    void give(int slot) {
        if (freeCount == free.length) free = Arrays.copyOf(free, free.length * 2);
        free[freeCount++] = slot;
        inUse--;
    }

    /** Slots handed out at least once (the tier's extent). */
    int issued() {
        return issued;
    }

    int inUse() {
        return inUse;
    }
}
