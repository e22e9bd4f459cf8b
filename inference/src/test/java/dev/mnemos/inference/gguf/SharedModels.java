package dev.mnemos.inference.gguf;

import java.nio.file.Path;

/** Where the test models of ../shared/models are: surefire passes the folder as {@code mnemos.shared.models}. */
public final class SharedModels {

    private SharedModels() {
    }

    public static Path path(String fileName) {
        return Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), fileName);
    }
}
