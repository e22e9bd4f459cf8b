package dev.mnemos.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    private final Path home = Path.of("/home/someone");

    @Test
    void should_prefer_mnemos_home() {
        var dir = DataDirectory.fromEnvironment(Map.of("MNEMOS_HOME", "/srv/mnemos", "XDG_DATA_HOME", "/xdg"), home);
        assertThat(dir.database()).isEqualTo(Path.of("/srv/mnemos/mnemos.db"));
    }

    @Test
    void should_follow_xdg_then_fall_back_to_the_home_directory() {
        assertThat(DataDirectory.fromEnvironment(Map.of("XDG_DATA_HOME", "/xdg"), home).path()).isEqualTo(Path.of("/xdg/mnemos"));
        assertThat(DataDirectory.fromEnvironment(Map.of(), home).path()).isEqualTo(Path.of("/home/someone/.local/share/mnemos"));
    }
}
