package dev.mnemos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged application ({@code target/quarkus-app}) as a command line, for tests that run it as a process of its own. */
public final class PackagedApp {

    private PackagedApp() {
    }

    /** The jar failsafe names in {@code mnemos.app}, else {@code fallback} (relative to the working directory). */
    public static Path jar(String fallback) {
        return Path.of(System.getProperty("mnemos.app", fallback)).toAbsolutePath();
    }

    public static Path jar() {
        return jar("target/quarkus-app/quarkus-run.jar");
    }

    /** {@code java}, the JVM flags the {@code mnemos} launcher passes, {@code jvmOptions}, {@code -jar app}, then {@code args}. */
    public static List<String> command(Path app, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", app.toString()));
        command.addAll(args);
        return command;
    }
}
