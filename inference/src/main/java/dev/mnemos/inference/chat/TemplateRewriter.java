package dev.mnemos.inference.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few Jinja2 (Python) constructs of Hugging Face chat templates that Jinjava parses differently, into
 * equivalent Jinjava: {@code xs[::-1]} becomes {@code (xs|reverse)}, and each {@code name=value} argument of
 * {@code namespace(...)} gets parentheses, because Jinjava would read {@code n=xs|length - 1} as
 * {@code (n=xs|length) - 1}.
 */
final class TemplateRewriter {

    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][\\w.]*)\\[::-1\\]");
    private static final Pattern NAMESPACE = Pattern.compile("\\bnamespace\\(");

    private TemplateRewriter() {
    }

    static String rewrite(String template) {
        String reversed = REVERSED.matcher(template).replaceAll("($1|reverse)");
        return parenthesizeNamespaceArguments(reversed);
    }

    private static String parenthesizeNamespaceArguments(String template) {
        var out = new StringBuilder();
        Matcher matcher = NAMESPACE.matcher(template);
        int copied = 0;
        while (matcher.find(copied)) {
            List<Integer> bounds = argumentBounds(template, matcher.end());
            if (bounds.isEmpty()) {
                break;
            }
            out.append(template, copied, matcher.end());
            for (int i = 0; i + 1 < bounds.size(); i++) {
                String argument = template.substring(bounds.get(i) + (i == 0 ? 0 : 1), bounds.get(i + 1));
                int equals = argument.indexOf('=');
                boolean named = equals > 0 && argument.substring(0, equals).strip().matches("[A-Za-z_]\\w*")
                        && (equals + 1 >= argument.length() || argument.charAt(equals + 1) != '=');
                out.append(i > 0 ? "," : "")
                        .append(named ? argument.substring(0, equals + 1) + "(" + argument.substring(equals + 1) + ")"
                                : argument);
            }
            out.append(')');
            copied = bounds.getLast() + 1;
        }
        return out.append(template.substring(copied)).toString();
    }

    /**
     * Where the arguments of a call start and end: {@code from} (just after '('), each top-level ',', and the closing
     * ')'; quoted strings and nested brackets are skipped. Empty when the call is not closed.
     */
    private static List<Integer> argumentBounds(String text, int from) {
        var bounds = new ArrayList<Integer>(List.of(from));
        int depth = 1;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote && text.charAt(i - 1) != '\\' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ',' && depth == 1) {
                bounds.add(i);
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                if (c != ')') {
                    return List.of();
                }
                bounds.add(i);
                return bounds;
            }
        }
        return List.of();
    }
}
