package dev.mnemos.cli;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mnemos tokenize}: the token ids of a text, space-separated on one line, as {@code llama-tokenize --ids} prints them. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print the token ids of a text in a GGUF model's tokenizer.")
public class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The GGUF model (or vocab-only file).")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text to tokenize.")
    String text;

    @Option(names = "--no-bos", description = "Do not add BOS even when the model asks for it.")
    boolean noBos;

    @Option(names = "--parse-special", description = "Match control tokens written in the text, such as <|im_start|>.")
    boolean parseSpecial;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (GgufFile file = GgufFile.open(model)) {
            int[] ids = Tokenizer.fromGguf(file.metadata()).encode(text, !noBos, parseSpecial);
            out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
        out.flush();
        return 0;
    }
}
