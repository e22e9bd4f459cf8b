package dev.mnemos.inference.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The filters of Hugging Face's template environment that Jinjava has not, or has otherwise: {@code tojson} as
 * Python's {@code json.dumps} writes it ({@code ", "} and {@code ": "} on one line; with {@code indent=n}, one item a
 * line and {@code ","} at line ends), and {@code items} for iterating a mapping's pairs.
 */
final class PythonFilters {

    /** Python's one-line {@code json.dumps}; Jinjava's other JSON output uses it too. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new MinimalPrettyPrinter() {
                @Override
                public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
                    generator.writeRaw(": ");
                }

                @Override
                public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
                    generator.writeRaw(", ");
                }

                @Override
                public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
                    generator.writeRaw(", ");
                }
            });

    private PythonFilters() {
    }

    static List<Filter> all() {
        return List.of(new ToJson(), new Items());
    }

    private static final class ToJson implements Filter {

        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            return filter(value, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
            try {
                return indent == null ? JSON.writeValueAsString(value) : indented(Integer.parseInt(indent.toString()))
                        .writeValueAsString(value);
            } catch (JsonProcessingException | NumberFormatException e) {
                throw new ChatTemplateException("tojson failed: " + e.getMessage(), e);
            }
        }

        private static ObjectWriter indented(int indent) {
            var indenter = new DefaultIndenter(" ".repeat(indent), "\n");
            var separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("");
            var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
            return JSON.writer(printer);
        }
    }

    private static final class Items implements Filter {

        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            var pairs = new ArrayList<List<Object>>();
            if (value instanceof Map<?, ?> map) {
                map.forEach((key, item) -> pairs.add(Arrays.asList(key, item)));
            }
            return pairs;
        }
    }
}
