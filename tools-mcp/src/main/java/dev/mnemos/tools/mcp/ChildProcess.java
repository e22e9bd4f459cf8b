package dev.mnemos.tools.mcp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds the process that the SDK's stdio transport started. The transport keeps its {@link Process} to itself, and
 * mnemos needs it: to notice at once when a server dies, and to kill one that hangs. So a session notes this JVM's
 * children before connecting and takes, after connecting, a new child with the server's arguments that no other
 * session has taken.
 */
final class ChildProcess {

    private static final Set<Long> TAKEN = ConcurrentHashMap.newKeySet();

    private ChildProcess() {}

    /** The pids of this JVM's children now. */
    static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * Takes the child started since {@code before} with these arguments (or the only new child, where the system does
     * not tell arguments); empty when there is none.
     */
    static Optional<ProcessHandle> take(Set<Long> before, List<String> args) {
        var fresh = ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> !before.contains(p.pid()) && !TAKEN.contains(p.pid()))
                .toList();
        var match = fresh.stream()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).equals(args)).orElse(fresh.size() == 1))
                .filter(p -> TAKEN.add(p.pid()))
                .findFirst();
        match.ifPresent(p -> p.onExit().thenRun(() -> TAKEN.remove(p.pid())));
        return match;
    }
}
