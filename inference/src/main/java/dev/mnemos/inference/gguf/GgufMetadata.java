package dev.mnemos.inference.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file, in file order, with typed access. A {@code getX(key)} fails with a
 * {@link ModelFormatException} naming the key when the key is missing or holds another type; a {@code findX(key)}
 * returns empty when the key is missing and fails the same way on a wrong type. Integer getters accept every integer
 * type whose value fits; float getters accept every number type. Immutable.
 */
public final class GgufMetadata {

    private final SequencedMap<String, GgufValue> values;

    public GgufMetadata(Map<String, GgufValue> values) {
        this.values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
    }

    /** Every key and its value, in file order. */
    public SequencedMap<String, GgufValue> asMap() {
        return values;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public GgufValue get(String key) {
        GgufValue value = values.get(key);
        if (value == null) {
            throw new ModelFormatException("missing metadata key " + key);
        }
        return value;
    }

    public String getString(String key) {
        return string(key, get(key));
    }

    public Optional<String> findString(String key) {
        return find(key).map(value -> string(key, value));
    }

    public int getInt(String key) {
        return intValue(key, get(key));
    }

    public OptionalInt findInt(String key) {
        GgufValue value = values.get(key);
        return value == null ? OptionalInt.empty() : OptionalInt.of(intValue(key, value));
    }

    public int getInt(String key, int defaultValue) {
        return findInt(key).orElse(defaultValue);
    }

    public long getLong(String key) {
        return longValue(key, get(key));
    }

    public OptionalLong findLong(String key) {
        GgufValue value = values.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(longValue(key, value));
    }

    public float getFloat(String key) {
        return (float) doubleValue(key, get(key));
    }

    public float getFloat(String key, float defaultValue) {
        GgufValue value = values.get(key);
        return value == null ? defaultValue : (float) doubleValue(key, value);
    }

    public OptionalDouble findDouble(String key) {
        GgufValue value = values.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(doubleValue(key, value));
    }

    public boolean getBoolean(String key) {
        return booleanValue(key, get(key));
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        GgufValue value = values.get(key);
        return value == null ? defaultValue : booleanValue(key, value);
    }

    public Optional<Boolean> findBoolean(String key) {
        return find(key).map(value -> booleanValue(key, value));
    }

    public GgufArray getArray(String key) {
        return array(key, get(key));
    }

    public Optional<GgufArray> findArray(String key) {
        return find(key).map(value -> array(key, value));
    }

    public String[] getStringArray(String key) {
        return typedArray(key, GgufValueType.STRING).toStringArray();
    }

    public Optional<String[]> findStringArray(String key) {
        return contains(key) ? Optional.of(getStringArray(key)) : Optional.empty();
    }

    public float[] getFloatArray(String key) {
        GgufArray array = getArray(key);
        if (array.elementType() != GgufValueType.FLOAT32 && array.elementType() != GgufValueType.FLOAT64
                && !array.elementType().isInteger()) {
            throw wrongType(key, "an array of numbers", array.elementType() + " array");
        }
        return array.toFloatArray();
    }

    public Optional<float[]> findFloatArray(String key) {
        return contains(key) ? Optional.of(getFloatArray(key)) : Optional.empty();
    }

    public int[] getIntArray(String key) {
        GgufArray array = getArray(key);
        if (!array.elementType().isInteger()) {
            throw wrongType(key, "an array of integers", array.elementType() + " array");
        }
        try {
            return array.toIntArray();
        } catch (IllegalStateException e) {
            throw new ModelFormatException("metadata key " + key + ": " + e.getMessage());
        }
    }

    public Optional<int[]> findIntArray(String key) {
        return contains(key) ? Optional.of(getIntArray(key)) : Optional.empty();
    }

    private GgufArray typedArray(String key, GgufValueType elementType) {
        GgufArray array = getArray(key);
        if (array.elementType() != elementType) {
            throw wrongType(key, "an array of " + elementType, array.elementType() + " array");
        }
        return array;
    }

    private static String string(String key, GgufValue value) {
        if (value.type() != GgufValueType.STRING) {
            throw wrongType(key, "STRING", value.type().toString());
        }
        return (String) value.value();
    }

    private static GgufArray array(String key, GgufValue value) {
        if (value.type() != GgufValueType.ARRAY) {
            throw wrongType(key, "ARRAY", value.type().toString());
        }
        return (GgufArray) value.value();
    }

    private static long longValue(String key, GgufValue value) {
        if (!value.type().isInteger()) {
            throw wrongType(key, "an integer", value.type().toString());
        }
        long result = value.asLong();
        if (value.type() == GgufValueType.UINT64 && result < 0) {
            throw new ModelFormatException("metadata key " + key + " = "
                    + Long.toUnsignedString(result) + " does not fit in a long");
        }
        return result;
    }

    private static int intValue(String key, GgufValue value) {
        long result = longValue(key, value);
        if (result != (int) result) {
            throw new ModelFormatException("metadata key " + key + " = " + result + " does not fit in an int");
        }
        return (int) result;
    }

    private static double doubleValue(String key, GgufValue value) {
        if (!value.type().isInteger() && value.type() != GgufValueType.FLOAT32
                && value.type() != GgufValueType.FLOAT64) {
            throw wrongType(key, "a number", value.type().toString());
        }
        return value.asDouble();
    }

    private static boolean booleanValue(String key, GgufValue value) {
        if (value.type() != GgufValueType.BOOL) {
            throw wrongType(key, "BOOL", value.type().toString());
        }
        return (Boolean) value.value();
    }

    private static ModelFormatException wrongType(String key, String expected, String actual) {
        return new ModelFormatException("metadata key " + key + " holds " + actual + ", not " + expected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufMetadata that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "GgufMetadata" + values.keySet();
    }
}
