package dev.mnemos.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a document file, page by page: a PDF (through PDFBox) has its pages; plain text and
 * Markdown ({@code .txt}, {@code .md}, {@code .markdown}, or any other name) are one page.
 *
 * @param name the file name without its directory
 * @param pages the text of each page, in order; none is null
 */
public record DocumentText(String name, List<String> pages) {

    public DocumentText {
        pages = List.copyOf(pages);
    }

    /**
     * Reads a file.
     *
     * @throws IOException when the file cannot be read, or is not a PDF although it is named one
     */
    public static DocumentText read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            return new DocumentText(name, List.of(Files.readString(file)));
        }
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<String> pages = new ArrayList<>(pdf.getNumberOfPages());
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pages.add(stripper.getText(pdf));
            }
            return new DocumentText(name, pages);
        }
    }

    /** The whole text, pages separated by blank lines. */
    public String text() {
        return String.join("\n\n", pages.stream().map(String::strip).toList());
    }
}
