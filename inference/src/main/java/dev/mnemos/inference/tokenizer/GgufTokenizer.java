package dev.mnemos.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A tokenizer built from GGUF metadata: special tokens are cut out first, then each remaining piece of text goes to the
 * SentencePiece or byte-level BPE encoder, with llama.cpp's rules for BOS/EOS, the SentencePiece space prefix and, on
 * decoding, its clean-up of spaces.
 */
final class GgufTokenizer implements Tokenizer {

    private static final String SPACE_MARK = "\u2581"; // ▁, SentencePiece's space

    private final Vocabulary vocabulary;
    private final SpecialTokens special;
    private final SpecialTokenSplitter splitter;
    private final SentencePieceEncoder sentencePiece; // exactly one of the two encoders is set
    private final BytePairEncoder bytePair;
    private final boolean addSpacePrefix;
    private final boolean cleanSpaces;

    GgufTokenizer(Vocabulary vocabulary, SpecialTokens special, SentencePieceEncoder sentencePiece,
            BytePairEncoder bytePair, boolean addSpacePrefix, boolean cleanSpaces) {
        this.vocabulary = vocabulary;
        this.special = special;
        this.splitter = new SpecialTokenSplitter(vocabulary);
        this.sentencePiece = sentencePiece;
        this.bytePair = bytePair;
        this.addSpacePrefix = addSpacePrefix;
        this.cleanSpaces = cleanSpaces;
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        var out = new TokenIds();
        if (addSpecial && special.addBos()) {
            out.add(special.bos());
        }
        boolean previousWasSpecial = true; // SentencePiece prefixes a space at the start and after each special token
        for (SpecialTokenSplitter.Fragment fragment : splitter.split(text, parseSpecial)) {
            switch (fragment) {
                case SpecialTokenSplitter.Fragment.Special(int id) -> {
                    out.add(id);
                    previousWasSpecial = true;
                }
                case SpecialTokenSplitter.Fragment.Text(String piece) -> {
                    if (sentencePiece != null) {
                        String prefixed = addSpacePrefix && previousWasSpecial ? " " + piece : piece;
                        sentencePiece.encode(prefixed.replace(" ", SPACE_MARK), out);
                    } else {
                        bytePair.encode(piece, out);
                    }
                    previousWasSpecial = false;
                }
            }
        }
        if (addSpecial && special.addEos()) {
            out.add(special.eos());
        }
        return out.toArray();
    }

    @Override
    public String decode(int[] ids, boolean renderSpecial) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < ids.length; i++) {
            byte[] piece = piece(ids[i], renderSpecial);
            // llama.cpp's detokenize drops the space SentencePiece put before the first word
            int skip = i == 0 && addSpacePrefix && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            bytes.write(piece, skip, piece.length - skip);
        }
        byte[] text = bytes.toByteArray();
        return new String(cleanSpaces ? cleanUpSpaces(text) : text, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] piece(int id, boolean renderSpecial) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabulary.size());
        }
        if (!renderSpecial && vocabulary.has(id, Vocabulary.CONTROL | Vocabulary.UNKNOWN)) {
            return new byte[0];
        }
        String text = vocabulary.text(id);
        if (vocabulary.has(id, Vocabulary.CONTROL | Vocabulary.UNKNOWN | Vocabulary.USER_DEFINED)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (vocabulary.has(id, Vocabulary.NORMAL)) {
            return sentencePiece != null
                    ? text.replace(SPACE_MARK, " ").getBytes(StandardCharsets.UTF_8)
                    : byteLevelDecode(text);
        }
        if (vocabulary.has(id, Vocabulary.BYTE)) {
            return new byte[] {(byte) Integer.parseInt(text, 3, 5, 16)}; // <0xNN>
        }
        return new byte[0];
    }

    private static byte[] byteLevelDecode(String text) {
        var bytes = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(c -> {
            int b = ByteLevel.byteOf(c);
            if (b >= 0) {
                bytes.write(b);
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            }
        });
        return bytes.toByteArray();
    }

    /**
     * llama.cpp's {@code clean_spaces} for BPE models that ask for it: drop the space before {@code ? ! . ,}, around a
     * lone {@code '}, and before {@code 's 'm 're 've}.
     */
    private static byte[] cleanUpSpaces(byte[] text) {
        int total = text.length;
        byte[] t = text.clone();
        int n = total == 0 ? 0 : 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                n--;
            }
            t[n++] = x;
        }
        total = n;
        n = total == 0 ? 0 : 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (x == '\'' && i + 1 < total && t[i - 1] == ' ' && t[i + 1] == ' ') {
                n--;
                t[++i] = 0; // the next space goes too; llama.cpp writes a 0 over it and skips it
            }
            t[n++] = x;
        }
        total = n;
        n = total == 0 ? 0 : 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && x == '\'' && i + 1 < total) {
                byte x1 = t[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    n--;
                } else if (i + 2 < total && ((x1 == 'r' || x1 == 'v') && t[i + 2] == 'e')) {
                    n--;
                }
            }
            t[n++] = x;
        }
        return Arrays.copyOf(t, n);
    }

    @Override
    public String tokenText(int id) {
        return vocabulary.text(id);
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int bos() {
        return special.bos();
    }

    @Override
    public int eos() {
        return special.eos();
    }

    @Override
    public int eot() {
        return special.eot();
    }

    @Override
    public Set<Integer> endOfGeneration() {
        return special.endOfGeneration();
    }

    @Override
    public boolean addsBos() {
        return special.addBos();
    }
}
