package dev.mnemos.inference.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few Jinja2 (Python) constructs of Hugging Face chat templates that Jinjava reads differently, into
 * equivalent Jinjava: {@code xs[::-1]} becomes {@code (xs|reverse)}; each {@code name=value} argument of
 * {@code namespace(...)} gets parentheses, because Jinjava would read {@code n=xs|length - 1} as
 * {@code (n=xs|length) - 1}; and Jinja2's {@code lstrip_blocks} is done here, since Jinjava's strips the spaces before
 * every block tag and Jinja2 only those that start a line.
 */
final class TemplateRewriter {

    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][\\w.]*)\\[::-1\\]");
    private static final Pattern NAMESPACE = Pattern.compile("\\bnamespace\\(");
    // spaces and tabs from a line start to a block or comment tag, unless it opens with '+'
    private static final Pattern LINE_START_BEFORE_BLOCK = Pattern.compile("(?m)^[ \\t]+(?=\\{[%#](?!\\+))");

    private TemplateRewriter() {
    }

    static String rewrite(String template) {
        String stripped = LINE_START_BEFORE_BLOCK.matcher(template).replaceAll("");
        String reversed = REVERSED.matcher(stripped).replaceAll("($1|reverse)");
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
