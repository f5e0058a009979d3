package dev.gatehouse.internal.codec;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbDateFormat;
import jakarta.json.bind.annotation.JsonbNumberFormat;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.bind.annotation.JsonbVisibility;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JSON a payload class admits, property by property (PROTOCOL.md §2.2), so that JSON-B binds
 * only data whose JSON types fit: Yasson on its own turns {@code 5} into {@code "5"} for a
 * {@code String}, {@code 1.5} into {@code 1} and {@code 3000000000} into an overflowed {@code int},
 * and {@code "true"} into {@code true}. JSON-B still does the binding; this only refuses first, and
 * names the field.
 *
 * <p>Built once per payload class by reflection and kept in a {@link ClassValue} (so a redeployed
 * WAR's classes are not held); only the payload classes of registered handlers reach it, so there
 * are as many as handler types. A frame then costs a walk of its data, with no reflection.
 *
 * <p>Property names are JSON-B's defaults: a record's components, a bean's public fields and public
 * setters, renamed by {@link JsonbProperty}, without {@link JsonbTransient} ones. Unknown properties
 * are ignored, as JSON-B ignores them. What takes its JSON its own way (an adapter, a deserializer,
 * a date or number format, a creator, a custom visibility, polymorphic types, interfaces and
 * abstract classes) is left to JSON-B: such a class must be an object, such a property anything.
 */
final class PayloadShape {
    private static final ClassValue<PayloadShape> SHAPES = new ClassValue<>() {
        @Override
        protected PayloadShape computeValue(Class<?> type) {
            return new PayloadShape(new Builder().node(type));
        }
    };

    private static final Node ANY = value -> null;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    private static final Map<Class<?>, Node> LEAVES = leaves();
    /** On a class or a property: JSON-B reads its JSON with the application's code. */
    private static final List<Class<? extends Annotation>> CONVERTED = List.of(JsonbTypeAdapter.class, JsonbTypeDeserializer.class);
    /** On a property: JSON-B reads it in a format of the application's, strings included. */
    private static final List<Class<? extends Annotation>> FORMATTED = List.of(JsonbDateFormat.class, JsonbNumberFormat.class);
    /** On a class: its properties are found or read otherwise than by default. */
    private static final List<Class<? extends Annotation>> PROPERTIES_OWN_WAY = List.of(JsonbVisibility.class,
            JsonbTypeInfo.class, JsonbDateFormat.class, JsonbNumberFormat.class);

    private final Node root;

    private PayloadShape(Node root) {
        this.root = root;
    }

    /** {@return the shape of a payload class, built on its first use (the router's start, {@link EnvelopeCodec#prepare})} */
    static PayloadShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    /**
     * Why a frame's {@code data} does not fit, naming the field (e.g. {@code 'data.room' must be a
     * string}) and never a value from the frame; null when it fits.
     */
    String problem(JsonObject data) {
        Mismatch mismatch = root.check(data);
        return mismatch == null ? null : mismatch.message();
    }

    /** One Java type's rule: the mismatch of a JSON value, null when it fits. */
    @FunctionalInterface
    private interface Node {
        Mismatch check(JsonValue value);
    }

    /** A value that does not fit; its path is filled in on the way out of the walk. */
    private static final class Mismatch {
        private final String expectation;
        private final ArrayDeque<String> path = new ArrayDeque<>();

        Mismatch(String expectation) {
            this.expectation = expectation;
        }

        Mismatch under(String segment) {
            path.addFirst(segment);
            return this;
        }

        String message() {
            return "'data" + String.join("", path) + "' " + expectation;
        }
    }

    /** A scalar: {@code fits} for a non-null value; JSON null fits a reference type, never a primitive. */
    private static Node leaf(String expectation, boolean primitive, Predicate<JsonValue> fits) {
        return value -> value.getValueType() == ValueType.NULL ? (primitive ? new Mismatch(expectation) : null)
                : fits.test(value) ? null : new Mismatch(expectation);
    }

    private static Node kind(String expectation, ValueType... kinds) {
        List<ValueType> allowed = List.of(kinds);
        return leaf(expectation, false, v -> allowed.contains(v.getValueType()));
    }

    /** A JSON value that is not of the kind a structure needs: fits when null, else its mismatch. */
    private static Mismatch notA(JsonValue value, String expectation) {
        return value.getValueType() == ValueType.NULL ? null : new Mismatch(expectation);
    }

    private static Node array(Node element) {
        return value -> {
            if (!(value instanceof JsonArray array)) {
                return notA(value, "must be an array");
            }
            for (int i = 0; i < array.size(); i++) {
                Mismatch m = element.check(array.get(i));
                if (m != null) {
                    return m.under("[" + i + "]");
                }
            }
            return null;
        };
    }

    private static Node map(Node values) {
        return value -> {
            if (!(value instanceof JsonObject object)) {
                return notA(value, "must be an object");
            }
            for (Map.Entry<String, JsonValue> e : object.entrySet()) {
                Mismatch m = values.check(e.getValue());
                if (m != null) { // a key is a path segment; one that is not plain text stays out of the message
                    return m.under(PLAIN_KEY.matcher(e.getKey()).matches() ? "." + e.getKey() : ".*");
                }
            }
            return null;
        };
    }

    /** A record or bean: an object whose known properties fit; filled after creation, for classes that refer to themselves. */
    private static final class ObjectNode implements Node {
        private Map<String, Node> properties = Map.of();

        @Override
        public Mismatch check(JsonValue value) {
            if (!(value instanceof JsonObject object)) {
                return notA(value, "must be an object");
            }
            for (Map.Entry<String, Node> p : properties.entrySet()) {
                JsonValue v = object.get(p.getKey());
                Mismatch m = v == null ? null : p.getValue().check(v);
                if (m != null) {
                    return m.under("." + p.getKey());
                }
            }
            return null;
        }
    }

    private static Node integer(String expectation, boolean primitive, long min, long max) {
        BigDecimal low = BigDecimal.valueOf(min);
        BigDecimal high = BigDecimal.valueOf(max);
        return leaf(expectation, primitive, v -> {
            BigDecimal d = v instanceof JsonNumber n ? n.bigDecimalValue() : null;
            return d != null && integral(d) && d.compareTo(low) >= 0 && d.compareTo(high) <= 0;
        });
    }

    private static boolean integral(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static Map<Class<?>, Node> leaves() {
        Map<Class<?>, Node> m = new HashMap<>();
        Node string = kind("must be a string", ValueType.STRING);
        m.put(String.class, string);
        for (Class<?> c : List.of(UUID.class, URI.class, URL.class, Path.class, Date.class, Calendar.class, TimeZone.class)) {
            m.put(c, string);
        }
        for (boolean primitive : new boolean[] {true, false}) {
            m.put(primitive ? boolean.class : Boolean.class, leaf("must be true or false", primitive,
                    v -> v.getValueType() == ValueType.TRUE || v.getValueType() == ValueType.FALSE));
            m.put(primitive ? char.class : Character.class, leaf("must be a string of one character", primitive,
                    v -> v instanceof JsonString s && s.getString().length() == 1));
            m.put(primitive ? byte.class : Byte.class, integer("must be an integer from -128 to 127", primitive,
                    Byte.MIN_VALUE, Byte.MAX_VALUE));
            m.put(primitive ? short.class : Short.class, integer("must be an integer from -32768 to 32767", primitive,
                    Short.MIN_VALUE, Short.MAX_VALUE));
            m.put(primitive ? int.class : Integer.class, integer("must be an integer from " + Integer.MIN_VALUE
                    + " to " + Integer.MAX_VALUE, primitive, Integer.MIN_VALUE, Integer.MAX_VALUE));
            m.put(primitive ? long.class : Long.class, integer("must be an integer from " + Long.MIN_VALUE
                    + " to " + Long.MAX_VALUE, primitive, Long.MIN_VALUE, Long.MAX_VALUE));
            m.put(primitive ? float.class : Float.class, leaf("must be a number within the range of a float", primitive,
                    v -> v instanceof JsonNumber n && Float.isFinite(n.bigDecimalValue().floatValue())));
            m.put(primitive ? double.class : Double.class, leaf("must be a number within the range of a double",
                    primitive, v -> v instanceof JsonNumber n && Double.isFinite(n.doubleValue())));
        }
        m.put(BigInteger.class, leaf("must be an integer", false, v -> v instanceof JsonNumber n && integral(n.bigDecimalValue())));
        m.put(BigDecimal.class, kind("must be a number", ValueType.NUMBER));
        m.put(Number.class, kind("must be a number", ValueType.NUMBER));
        m.put(OptionalInt.class, m.get(Integer.class));
        m.put(OptionalLong.class, m.get(Long.class));
        m.put(OptionalDouble.class, m.get(Double.class));
        m.put(JsonValue.class, ANY);
        m.put(JsonObject.class, kind("must be an object", ValueType.OBJECT));
        m.put(JsonArray.class, kind("must be an array", ValueType.ARRAY));
        m.put(JsonStructure.class, kind("must be an object or an array", ValueType.OBJECT, ValueType.ARRAY));
        m.put(JsonString.class, string);
        m.put(JsonNumber.class, kind("must be a number", ValueType.NUMBER));
        m.put(Object.class, ANY);
        return Map.copyOf(m);
    }

    /** Builds the nodes of one payload class; classes met twice (or inside themselves) share one node. */
    private static final class Builder {
        private final Map<Class<?>, Node> classes = new HashMap<>();

        Node node(Type type) {
            if (type instanceof WildcardType w) {
                return node(w.getUpperBounds()[0]);
            }
            if (type instanceof GenericArrayType a) {
                return array(node(a.getGenericComponentType()));
            }
            Class<?> raw = type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
            if (raw == null) { // a type variable: whatever it stands for is JSON-B's to find out
                return ANY;
            }
            Node leaf = LEAVES.get(raw);
            if (leaf != null) {
                return leaf;
            }
            if (raw == Optional.class) {
                return argument(type, 0).map(this::node).orElse(ANY);
            }
            if (raw.isEnum()) {
                List<String> names = Arrays.stream(raw.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
                return leaf("must be one of " + String.join(", ", names), false,
                        v -> v instanceof JsonString s && names.contains(s.getString()));
            }
            if (raw.isArray()) {
                return array(node(raw.getComponentType()));
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return array(argument(type, 0).map(this::node).orElse(ANY));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Optional<Type> key = argument(type, 0);
                return key.isEmpty() || key.get() == String.class ? map(argument(type, 1).map(this::node).orElse(ANY)) : ANY;
            }
            if (raw.getPackageName().equals("java.time") // Instant, LocalDate, Duration, ZoneId...: read from strings
                    || Date.class.isAssignableFrom(raw) || Calendar.class.isAssignableFrom(raw)) {
                return LEAVES.get(String.class);
            }
            if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || raw.isPrimitive() || JsonValue.class.isAssignableFrom(raw)
                    || raw.getPackageName().startsWith("java.") || ownWay(raw, CONVERTED)) {
                return ANY;
            }
            return classNode(raw);
        }

        private Node classNode(Class<?> raw) {
            Node known = classes.get(raw);
            if (known != null) {
                return known;
            }
            ObjectNode node = new ObjectNode();
            classes.put(raw, node);
            if (!ownWay(raw, PROPERTIES_OWN_WAY) && !hasCreator(raw)) {
                node.properties = raw.isRecord() ? recordProperties(raw) : beanProperties(raw);
            }
            return node;
        }

        private Map<String, Node> recordProperties(Class<?> raw) {
            Map<String, Node> properties = new LinkedHashMap<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                Field field = declaredField(raw, c.getName());
                if (field != null && field.isAnnotationPresent(JsonbTransient.class)) {
                    continue;
                }
                String name = jsonName(c.getName(), field, c.getAccessor());
                properties.put(name, property(c.getGenericType(), field, c.getAccessor()));
            }
            return properties;
        }

        /** Public non-final fields and public setters, the subclass's first, as JSON-B writes them. */
        private Map<String, Node> beanProperties(Class<?> raw) {
            Map<String, Field> fields = new LinkedHashMap<>();
            Map<String, Method> setters = new LinkedHashMap<>();
            for (Class<?> k = raw; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                        fields.putIfAbsent(f.getName(), f);
                    }
                }
            }
            for (Method m : raw.getMethods()) {
                String n = m.getName();
                if (n.length() > 3 && n.startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())
                        && !m.isBridge() && !m.isSynthetic()) {
                    setters.putIfAbsent(Character.toLowerCase(n.charAt(3)) + n.substring(4), m);
                }
            }
            Map<String, Node> properties = new LinkedHashMap<>();
            for (String name : union(fields.keySet(), setters.keySet())) {
                Field field = fields.get(name);
                Method setter = setters.get(name);
                int mods = field == null ? 0 : field.getModifiers();
                boolean publicField = field != null && Modifier.isPublic(mods) && !Modifier.isFinal(mods) && !Modifier.isTransient(mods);
                if ((setter == null && !publicField) || transientIn(field, setter)) {
                    continue;
                }
                Type type = setter != null ? setter.getGenericParameterTypes()[0] : field.getGenericType();
                properties.put(jsonName(name, setter, field), property(type, field, setter));
            }
            return properties;
        }

        /** A property's node, or anything when it reads its JSON its own way. */
        private Node property(Type type, AnnotatedElement... where) {
            for (AnnotatedElement e : where) {
                if (e != null && (ownWay(e, CONVERTED) || ownWay(e, FORMATTED))) {
                    return ANY;
                }
            }
            return node(type);
        }
    }

    private static Optional<Type> argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? Optional.of(p.getActualTypeArguments()[index]) : Optional.empty();
    }

    private static boolean ownWay(AnnotatedElement e, List<Class<? extends Annotation>> annotations) {
        return annotations.stream().anyMatch(e::isAnnotationPresent);
    }

    private static boolean hasCreator(Class<?> raw) {
        return Arrays.stream(raw.getDeclaredConstructors()).anyMatch(c -> c.isAnnotationPresent(JsonbCreator.class))
                || Arrays.stream(raw.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(JsonbCreator.class));
    }

    private static boolean transientIn(AnnotatedElement... where) {
        return Arrays.stream(where).anyMatch(e -> e != null && e.isAnnotationPresent(JsonbTransient.class));
    }

    /** The first {@link JsonbProperty} name among {@code where}, else the Java name. */
    private static String jsonName(String javaName, AnnotatedElement... where) {
        for (AnnotatedElement e : where) {
            JsonbProperty p = e == null ? null : e.getAnnotation(JsonbProperty.class);
            if (p != null && !p.value().isEmpty()) {
                return p.value();
            }
        }
        return javaName;
    }

    private static Field declaredField(Class<?> raw, String name) {
        try {
            return raw.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
