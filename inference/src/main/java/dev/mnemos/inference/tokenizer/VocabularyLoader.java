package dev.mnemos.inference.tokenizer;

import dev.mnemos.inference.gguf.GgufArray;
import dev.mnemos.inference.gguf.GgufMetadata;
import dev.mnemos.inference.gguf.GgufValueType;
import dev.mnemos.inference.gguf.ModelFormatException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every {@code tokenizer.ggml.*} key by name and settles what llama.cpp's {@code llama_vocab::load} settles:
 * the tokenizer kind, defaults per model, special ids (an id outside the vocabulary keeps the default), and the tokens
 * llama.cpp recognises by their text as end of turn or end of generation.
 */
final class VocabularyLoader {

    private static final String MODEL = "tokenizer.ggml.model";
    private static final String PRE = "tokenizer.ggml.pre";
    private static final String TOKENS = "tokenizer.ggml.tokens";
    private static final String SCORES = "tokenizer.ggml.scores";
    private static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    private static final String MERGES = "tokenizer.ggml.merges";
    private static final String BOS = "tokenizer.ggml.bos_token_id";
    private static final String EOS = "tokenizer.ggml.eos_token_id";
    private static final String EOT = "tokenizer.ggml.eot_token_id";
    private static final String EOM = "tokenizer.ggml.eom_token_id";
    private static final String UNKNOWN = "tokenizer.ggml.unknown_token_id";
    private static final String PADDING = "tokenizer.ggml.padding_token_id";
    private static final String FIM_PAD = "tokenizer.ggml.fim_pad_token_id";
    private static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    private static final String ADD_EOS = "tokenizer.ggml.add_eos_token";
    private static final String ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";

    // llama.cpp finds these by text when no key names them; the first present wins
    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>",
            "<end_of_utterance>");
    private static final List<String> EOM_TEXTS = List.of("<|eom_id|>");
    private static final List<String> FIM_PAD_TEXTS = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>");
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<|return|>", "<|call|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>",
            "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<｜end▁of▁sentence｜>");

    private VocabularyLoader() {
    }

    static Tokenizer load(GgufMetadata metadata) {
        String model = metadata.getString(MODEL);
        boolean sentencePiece = switch (model) {
            case "llama" -> true;
            case "gpt2" -> false;
            default -> throw new ModelFormatException("unsupported tokenizer model '" + model
                    + "' (" + MODEL + "); supported: llama (SentencePiece), gpt2 (byte-level BPE)");
        };
        Vocabulary vocabulary = vocabulary(metadata);
        int size = vocabulary.size();

        String preName = metadata.findString(PRE).orElse("default");
        PreTokenizer preTokenizer = sentencePiece ? null : PreTokenizer.forName(preName);
        if (!sentencePiece && preTokenizer == null) {
            throw new ModelFormatException("unsupported pre-tokenizer '" + preName + "' (" + PRE + ")");
        }
        boolean llama3 = preTokenizer == PreTokenizer.LLAMA3 && !preName.equals("dbrx") && !preName.equals("smaug-bpe");
        boolean addBos = metadata.getBoolean(ADD_BOS, sentencePiece || llama3);
        boolean addEos = metadata.getBoolean(ADD_EOS, false);
        boolean addSpacePrefix = metadata.getBoolean(ADD_SPACE_PREFIX, sentencePiece);
        boolean cleanSpaces = !sentencePiece && preTokenizer != PreTokenizer.QWEN2;

        int bos = specialId(metadata, BOS, sentencePiece ? 1 : 11, size);
        int eos = specialId(metadata, EOS, sentencePiece ? 2 : 11, size);
        int unknown = specialId(metadata, UNKNOWN, sentencePiece ? 0 : Tokenizer.NONE, size);
        int padding = specialId(metadata, PADDING, Tokenizer.NONE, size);
        int eot = specialId(metadata, EOT, Tokenizer.NONE, size);
        int eom = specialId(metadata, EOM, Tokenizer.NONE, size);
        int fimPad = specialId(metadata, FIM_PAD, Tokenizer.NONE, size);
        eot = eot != Tokenizer.NONE ? eot : findControl(vocabulary, EOT_TEXTS);
        eom = eom != Tokenizer.NONE ? eom : findControl(vocabulary, EOM_TEXTS);
        fimPad = fimPad != Tokenizer.NONE ? fimPad : findControl(vocabulary, FIM_PAD_TEXTS);
        if ((addBos && bos == Tokenizer.NONE) || (addEos && eos == Tokenizer.NONE)) {
            throw new ModelFormatException(ADD_BOS + " or " + ADD_EOS + " is true, but the token is not set");
        }

        var endOfGeneration = new HashSet<Integer>();
        for (int id = 0; id < size; id++) {
            if (END_OF_GENERATION_TEXTS.contains(vocabulary.text(id))) {
                endOfGeneration.add(id);
                vocabulary.add(id, Vocabulary.CONTROL); // llama.cpp: "control-looking token ... overridden"
            }
        }
        for (int id : new int[] {fimPad, eos, eot, eom}) {
            if (id != Tokenizer.NONE) {
                endOfGeneration.add(id);
            }
        }
        var special = new SpecialTokens(bos, eos, eot, eom, unknown, padding, endOfGeneration, addBos, addEos);

        if (sentencePiece) {
            return new GgufTokenizer(vocabulary, special, new SentencePieceEncoder(vocabulary), null,
                    addSpacePrefix, cleanSpaces);
        }
        String[] merges = metadata.findStringArray(MERGES)
                .orElseThrow(() -> new ModelFormatException("a gpt2 tokenizer needs " + MERGES));
        return new GgufTokenizer(vocabulary, special, null, new BytePairEncoder(vocabulary, merges, preTokenizer, llama3),
                addSpacePrefix, cleanSpaces);
    }

    private static Vocabulary vocabulary(GgufMetadata metadata) {
        GgufArray tokenArray = metadata.getArray(TOKENS);
        if (tokenArray.elementType() != GgufValueType.STRING) {
            throw new ModelFormatException(TOKENS + " is an array of " + tokenArray.elementType() + ", not STRING");
        }
        int size = tokenArray.size();
        String[] tokens = new String[size];
        for (int id = 0; id < size; id++) {
            String text = tokenArray.stringAt(id);
            tokens[id] = text.isEmpty() ? "[EMPTY_" + id + "]" : text;
        }
        float[] scores = metadata.findFloatArray(SCORES).orElse(new float[size]);
        int[] types = metadata.findIntArray(TOKEN_TYPE).orElse(null);
        if (scores.length < size || (types != null && types.length < size)) {
            throw new ModelFormatException(SCORES + " or " + TOKEN_TYPE + " has fewer entries than the " + size
                    + " tokens");
        }
        int[] attributes = new int[size];
        for (int id = 0; id < size; id++) {
            attributes[id] = types == null ? Vocabulary.NORMAL : Vocabulary.attributeOf(types[id]);
        }
        try {
            return new Vocabulary(tokens, scores, attributes);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(TOKENS + ": " + e.getMessage());
        }
    }

    /** The id a key gives, or the default when the key is absent or outside the vocabulary (as llama.cpp warns). */
    private static int specialId(GgufMetadata metadata, String key, int defaultId, int size) {
        int fallback = defaultId >= 0 && defaultId < size ? defaultId : Tokenizer.NONE;
        long id = metadata.findLong(key).orElse(-1);
        return id >= 0 && id < size ? (int) id : fallback;
    }

    private static int findControl(Vocabulary vocabulary, List<String> texts) {
        for (String text : texts) {
            int id = vocabulary.id(text);
            if (id != Tokenizer.NONE) {
                vocabulary.add(id, Vocabulary.CONTROL);
                return id;
            }
        }
        return Tokenizer.NONE;
    }
}
