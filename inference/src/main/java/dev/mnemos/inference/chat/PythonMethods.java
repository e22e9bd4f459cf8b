package dev.mnemos.inference.chat;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python string and dict methods that Hugging Face chat templates call ({@code content.startswith('<tool_response>')},
 * {@code .split('</think>')[-1].lstrip('\n')}, {@code args.items()}), for Jinjava, whose values are Java strings and
 * maps. Resolves only these method calls; everything else falls through to Jinjava's own resolver.
 */
final class PythonMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = base instanceof Map<?, ?> map ? mapMethod(map, method.toString(), args)
                : base instanceof String text ? stringMethod(text, method.toString(), args)
                : null;
        if (result != null) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object mapMethod(Map<?, ?> map, String method, Object[] args) {
        return switch (method) {
            case "items" -> {
                var items = new ArrayList<List<Object>>();
                map.forEach((key, value) -> items.add(Arrays.asList(key, value)));
                yield items;
            }
            case "keys" -> new ArrayList<>(map.keySet());
            case "values" -> new ArrayList<>(map.values());
            case "get" -> args.length == 2 ? ((Map<Object, Object>) map).getOrDefault(args[0], args[1]) : null;
            default -> null;
        };
    }

    private static Object stringMethod(String text, String method, Object[] args) {
        return switch (method) {
            case "startswith" -> args.length == 1 ? text.startsWith(String.valueOf(args[0])) : null;
            case "endswith" -> args.length == 1 ? text.endsWith(String.valueOf(args[0])) : null;
            case "strip" -> strip(text, args, true, true);
            case "lstrip" -> strip(text, args, true, false);
            case "rstrip" -> strip(text, args, false, true);
            case "split" -> split(text, args);
            case "upper" -> text.toUpperCase();
            case "lower" -> text.toLowerCase();
            case "replace" -> args.length == 2 ? text.replace(String.valueOf(args[0]), String.valueOf(args[1])) : null;
            case "find" -> args.length == 1 ? text.indexOf(String.valueOf(args[0])) : null;
            case "count" -> args.length == 1 ? count(text, String.valueOf(args[0])) : null;
            default -> null;
        };
    }

    /** Python's {@code strip}: whitespace, or any of the given characters. */
    private static String strip(String text, Object[] args, boolean leading, boolean trailing) {
        String chars = args.length == 0 || args[0] == null ? null : String.valueOf(args[0]);
        int start = 0;
        int end = text.length();
        while (leading && start < end && strippable(text.charAt(start), chars)) {
            start++;
        }
        while (trailing && end > start && strippable(text.charAt(end - 1), chars)) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    private static List<String> split(String text, Object[] args) {
        if (args.length == 0 || args[0] == null) {
            String trimmed = text.strip();
            return trimmed.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(trimmed.split("\\s+")));
        }
        return new ArrayList<>(Arrays.asList(text.split(Pattern.quote(String.valueOf(args[0])), -1)));
    }

    private static int count(String text, String part) {
        if (part.isEmpty()) {
            return text.length() + 1;
        }
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: templates only read
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
