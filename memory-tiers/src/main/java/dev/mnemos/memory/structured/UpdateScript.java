package dev.mnemos.memory.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The updates an LLM reply asks for, one per line, in a language small enough for a small model:
 *
 * <pre>
 * add /events/- {"level": "ERROR", "message": "disk full"}
 * replace /counts/ERROR 3
 * delete /facts/2
 * </pre>
 *
 * A reply of {@code NONE} (or nothing) asks for no update; code fences are ignored. Every other
 * line must be an update: a line that is not becomes an error, and the lines around it still count.
 *
 * @param updates the updates read, in order
 * @param errors one message per line that could not be read, for the LLM
 */
public record UpdateScript(List<MemoryUpdate> updates, List<String> errors) {

    private static final Pattern LINE = Pattern.compile("(?i)(add|replace|delete)\\s+(\"\"|/\\S*)\\s*(.*)");

    public UpdateScript {
        updates = List.copyOf(updates);
        errors = List.copyOf(errors);
    }

    /** Reads a reply; never fails, bad lines become {@link #errors()}. */
    public static UpdateScript parse(String reply) {
        List<MemoryUpdate> updates = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = reply == null ? new String[0] : reply.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("```") || line.equalsIgnoreCase("none")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                errors.add("line " + (i + 1) + " '" + abbreviate(line) + "' is not an update: write 'add <path> <json>', 'replace <path> <json>' or 'delete <path>'");
                continue;
            }
            MemoryUpdate.Op op = MemoryUpdate.Op.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
            String path = matcher.group(2).equals("\"\"") ? "" : matcher.group(2);
            String rest = matcher.group(3).strip();
            if (op == MemoryUpdate.Op.DELETE) {
                if (!rest.isEmpty()) {
                    errors.add("line " + (i + 1) + " '" + abbreviate(line) + "': delete takes only a path");
                    continue;
                }
                updates.add(new MemoryUpdate(op, path, null));
                continue;
            }
            if (rest.isEmpty()) {
                errors.add("line " + (i + 1) + " '" + abbreviate(line) + "': " + op.name().toLowerCase(Locale.ROOT) + " needs a JSON value after the path");
                continue;
            }
            try {
                JsonNode value = MemorySchema.JSON.readTree(rest);
                updates.add(new MemoryUpdate(op, path, value));
            } catch (JsonProcessingException e) {
                errors.add("line " + (i + 1) + " '" + abbreviate(line) + "': the value is not JSON (strings need double quotes): " + e.getOriginalMessage());
            }
        }
        return new UpdateScript(updates, errors);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
