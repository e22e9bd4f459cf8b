package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.interrupt.Interrupt;

/**
 * The kernel's id scheme. Ids derive from the interrupt a step consumes, so that a step re-run
 * after a crash writes the same ids and the store's idempotence (by step id, message id, passage id
 * and interrupt id) keeps it from writing anything twice.
 */
final class Ids {

    private static final String STEP = "step-";
    private static final String PRESSURE = "pressure-";

    private Ids() {}

    static String step(Interrupt interrupt) {
        return step(interrupt.id());
    }

    /** The step that consumes the interrupt {@code interruptId}. */
    static String step(String interruptId) {
        return STEP + interruptId;
    }

    static String message(String stepId, int index) {
        return stepId + "/" + index;
    }

    static String passage(String stepId, int index) {
        return stepId + "/p" + index;
    }

    static String toolCall(String stepId, int index) {
        return stepId + "/call" + index;
    }

    /** The heartbeat after step {@code depth} of the chain started by {@code origin}. */
    static String heartbeat(String origin, int depth) {
        return origin + "#" + (depth + 1);
    }

    static String pressure(String stepId) {
        return PRESSURE + stepId;
    }

    /** True for messages written by a step that consumed a memory-pressure interrupt. */
    static boolean isPressureStep(String stepId) {
        return stepId.startsWith(STEP + PRESSURE);
    }

    /** The place of step {@code stepId} in the chain started by {@code origin} ({@link #inChain} holds): 1 for the step that consumed the origin. */
    static int depth(String stepId, String origin) {
        String first = STEP + origin;
        return stepId.equals(first) ? 1 : Integer.parseInt(stepId.substring(first.length() + 1));
    }

    /** True when {@code stepId} belongs to the chain of steps started by interrupt {@code origin}. */
    static boolean inChain(String stepId, String origin) {
        String first = STEP + origin;
        return stepId.equals(first) || stepId.startsWith(first + "#");
    }
}
