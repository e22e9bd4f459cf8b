package dev.mnemos.inference.chat;

import java.util.ArrayList;
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
            int open = matcher.end(); // just after '('
            int close = matchingParenthesis(template, open);
            if (close < 0) {
                break;
            }
            out.append(template, copied, open);
            String[] arguments = splitTopLevel(template.substring(open, close));
            for (int i = 0; i < arguments.length; i++) {
                String argument = arguments[i];
                int equals = argument.indexOf('=');
                boolean named = equals > 0 && argument.substring(0, equals).strip().matches("[A-Za-z_]\\w*")
                        && (equals + 1 >= argument.length() || argument.charAt(equals + 1) != '=');
                out.append(i > 0 ? "," : "")
                        .append(named ? argument.substring(0, equals + 1) + "(" + argument.substring(equals + 1) + ")"
                                : argument);
            }
            out.append(')');
            copied = close + 1;
        }
        return out.append(template.substring(copied)).toString();
    }

    /** The index of the ')' that closes the '(' before {@code from}, skipping quoted strings; -1 if none. */
    private static int matchingParenthesis(String text, int from) {
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
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                return c == ')' ? i : -1;
            }
        }
        return -1;
    }

    private static String[] splitTopLevel(String arguments) {
        var parts = new ArrayList<String>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quote != 0) {
                quote = c == quote && arguments.charAt(i - 1) != '\\' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(arguments.substring(start));
        return parts.toArray(String[]::new);
    }
}
