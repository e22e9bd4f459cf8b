package dev.mnemos.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.cli.chat.ProgressBar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelPreloadTest {

    @Test
    void should_read_the_whole_model_file_and_end_the_bar_at_its_size() throws Exception {
        Path model = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");
        StringWriter text = new StringWriter();

        try (ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "loading stories260K.gguf", Files.size(model), ProgressBar.BYTES, System::nanoTime)) {
            ModelPreload.read(model, bar);
        }

        String[] lines = text.toString().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("loading stories260K.gguf [####################] 100%  1.2 MB/1.2 MB  ");
    }
}
