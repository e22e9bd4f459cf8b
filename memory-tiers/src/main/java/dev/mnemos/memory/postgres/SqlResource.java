package dev.mnemos.memory.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text kept beside this class under {@code resources/dev/mnemos/memory/postgres/}. Comments
 * ({@code --} to the end of a line) are dropped, because Hibernate reads ':' and '?' in native SQL
 * as parameters.
 */
record SqlResource(String name, String text) {

    static SqlResource load(String name) {
        try (InputStream in = SqlResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + name);
            }
            return new SqlResource(name, withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: each ends with ';' at the end of a line. */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        for (String part : text.split(";\\s*\\n")) {
            String statement = part.strip();
            if (statement.endsWith(";")) {
                statement = statement.substring(0, statement.length() - 1).strip();
            }
            if (!statement.isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    private static String withoutComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        for (String line : sql.split("\n", -1)) {
            int dash = line.indexOf("--");
            out.append(dash < 0 ? line : line.substring(0, dash)).append('\n');
        }
        return out.toString();
    }
}
