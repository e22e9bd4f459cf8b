package dev.mnemos.inference.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cuts special tokens out of a text before the text is tokenized (llama.cpp's {@code tokenizer_st_partition}): each
 * control, user-defined or unknown token, longest text first, is found in every remaining piece of text and replaced
 * by its id. Control and unknown tokens take part only when the caller parses special tokens; user-defined ones always.
 */
final class SpecialTokenSplitter {

    /** A piece of the text: still to be tokenized, or already a special token. */
    sealed interface Fragment {
        record Text(String text) implements Fragment {
        }

        record Special(int id) implements Fragment {
        }
    }

    private final Vocabulary vocabulary;
    private final int[] specialIds; // longest text first

    SpecialTokenSplitter(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        int special = Vocabulary.CONTROL | Vocabulary.USER_DEFINED | Vocabulary.UNKNOWN;
        this.specialIds = IntStream.range(0, vocabulary.size())
                .filter(id -> vocabulary.has(id, special))
                .boxed()
                .sorted(Comparator.comparingInt((Integer id) -> -vocabulary.text(id).length())
                        .thenComparingInt(id -> id))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment.Text(text));
        for (int id : specialIds) {
            if (!parseSpecial && vocabulary.has(id, Vocabulary.CONTROL | Vocabulary.UNKNOWN)) {
                continue;
            }
            String token = vocabulary.text(id);
            if (text.indexOf(token) < 0) {
                continue; // cutting only removes text, so a token absent from the whole text is absent everywhere
            }
            fragments = cut(fragments, token, id);
        }
        return fragments;
    }

    private static List<Fragment> cut(List<Fragment> fragments, String token, int id) {
        var result = new ArrayList<Fragment>(fragments.size() + 2);
        for (Fragment fragment : fragments) {
            if (!(fragment instanceof Fragment.Text(String text))) {
                result.add(fragment);
                continue;
            }
            int from = 0;
            for (int match = text.indexOf(token); match >= 0; match = text.indexOf(token, from)) {
                if (match > from) {
                    result.add(new Fragment.Text(text.substring(from, match)));
                }
                result.add(new Fragment.Special(id));
                from = match + token.length();
            }
            if (from < text.length()) {
                result.add(from == 0 ? fragment : new Fragment.Text(text.substring(from)));
            }
        }
        return result;
    }
}
