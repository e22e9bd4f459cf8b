package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPage;

/** How much an evicting policy wants to keep a token: the lowest score goes first; NaN means never evict. */
@FunctionalInterface
interface SlotScore {

    float score(KvPage page, int slot, int nextPosition);
}
