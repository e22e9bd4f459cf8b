package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPolicy;

/** The baseline: everything stays, every query attends to every token (the same bits as the unpaged cache). */
public final class FullPolicy implements KvPolicy {

    @Override
    public String name() {
        return "full";
    }
}
