package dev.mnemos.memory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the embedded store keeps its files: {@code $MNEMOS_HOME} when set, else
 * {@code $XDG_DATA_HOME/mnemos}, else {@code ~/.local/share/mnemos}.
 */
public record DataDirectory(Path path) {

    public DataDirectory {
        path = path.toAbsolutePath().normalize();
    }

    public static DataDirectory fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static DataDirectory fromEnvironment(Map<String, String> env, Path userHome) {
        String home = env.get("MNEMOS_HOME");
        if (home != null && !home.isBlank()) {
            return new DataDirectory(Path.of(home));
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new DataDirectory(Path.of(xdg, "mnemos"));
        }
        return new DataDirectory(userHome.resolve(".local/share/mnemos"));
    }

    /** The embedded SQLite database of this directory. */
    public Path database() {
        return path.resolve("mnemos.db");
    }
}
