package dev.gatehouse.internal;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Connection;
import dev.gatehouse.Connections;
import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.Requires;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.routing.Route;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the {@link Handles} methods of a handler bean into routes, checking every one when the
 * bean is added: a mistake is a {@link ConfigurationException} naming the class and method, never
 * a failure at the first frame. Each method's invoker is one {@link MethodHandle} adapted once to
 * {@code (payload, context) -> reply}, so a call costs what a call through the interface does.
 *
 * <p>The bean's class and its superclasses are searched. A CDI bean is scanned as its bean class
 * and called through its contextual reference, so that a call reaches the bean in its scope: the
 * client proxy subclasses the bean, and Weld's (Payara's, WildFly's) overrides carry the methods'
 * annotations but erase their generic types. Stateless.
 */
public final class HandlerMethods {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType INVOKER = MethodType.methodType(Object.class, Object.class, MessageContext.class);
    private static final String ROLES_ALLOWED = "jakarta.annotation.security.RolesAllowed";
    private static final String PERMIT_ALL = "jakarta.annotation.security.PermitAll";
    private static final String DENY_ALL = "jakarta.annotation.security.DenyAll";
    /** What a parameter may be besides the payload, and how it is found from the frame's context. */
    private static final Map<Class<?>, MethodHandle> FROM_CONTEXT = Map.of(
            MessageContext.class, MethodHandles.identity(MessageContext.class),
            Connection.class, contextGetter("connection", Connection.class),
            Rooms.class, contextGetter("rooms", Rooms.class),
            Connections.class, contextGetter("connections", Connections.class));
    /** Types that are not a JSON object, so never a payload or a reply. */
    private static final List<Class<?>> NOT_OBJECTS = List.of(CharSequence.class, Number.class, Boolean.class,
            Character.class, Collection.class, Iterable.class, Optional.class, TemporalAccessor.class, Enum.class);

    private HandlerMethods() {
    }

    /**
     * Whether the class (or a superclass) has a {@link Handles} method: asked of every bean of a
     * CDI container, so it stops at the first one found and collects nothing.
     *
     * @param type the class
     * @return true when it has one
     */
    public static boolean has(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                if (Stream.of(c.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(Handles.class))) {
                    return true;
                }
            } catch (LinkageError e) { // a class whose signatures name a missing library: no handler of ours
                return false;
            }
        }
        return false;
    }

    /**
     * The routes of a bean's {@link Handles} methods.
     *
     * @param bean the handler bean
     * @return one route per method
     * @throws ConfigurationException when a method cannot be a handler, or two handle one type
     */
    public static List<Route> routes(Object bean) {
        return routes(bean, bean.getClass());
    }

    /**
     * The routes of the {@link Handles} methods of {@code beanClass}, called on {@code bean}: a CDI
     * container's reference to a bean of that class (a client proxy subclassing it, whose overrides
     * may carry the annotations but not the generic types, so the class is scanned, not the proxy).
     *
     * @param bean the bean, or a reference to it that is an instance of {@code beanClass}
     * @param beanClass the class whose methods are scanned
     * @return one route per method
     * @throws ConfigurationException when a method cannot be a handler, or two handle one type
     */
    public static List<Route> routes(Object bean, Class<?> beanClass) {
        if (!beanClass.isInstance(bean)) {
            throw new IllegalArgumentException(bean.getClass().getName() + " is not a " + beanClass.getName());
        }
        List<Method> methods = annotated(beanClass);
        if (methods.isEmpty()) {
            throw new ConfigurationException(beanClass.getName(), "has no @Handles method");
        }
        rolesNotDropped(beanClass);
        List<Route> routes = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (Method m : methods) {
            Route route = route(bean, m);
            if (!types.add(route.type())) {
                throw new ConfigurationException(name(m), "a second method of " + m.getDeclaringClass().getName()
                        + " handles '" + route.type() + "'; one method per type");
            }
            routes.add(route);
        }
        return routes;
    }

    /**
     * The annotated methods, in a stable order: of each signature the most derived annotated
     * declaration (an override without the annotation keeps its superclass's, as in JAX-RS).
     */
    private static List<Method> annotated(Class<?> type) {
        Map<String, Method> bySignature = new java.util.LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] declared;
            try {
                declared = c.getDeclaredMethods();
            } catch (LinkageError e) { // a class whose signatures name a missing library: no handler of ours
                return List.of();
            }
            Stream.of(declared).filter(m -> !m.isBridge() && !m.isSynthetic())
                    .sorted(java.util.Comparator.comparing(Method::getName).thenComparing(Method::toString))
                    .forEach(m -> {
                        String signature = m.getName() + List.of(m.getParameterTypes());
                        if (m.isAnnotationPresent(Handles.class)) {
                            bySignature.putIfAbsent(signature, m);
                        }
                    });
        }
        return List.copyOf(bySignature.values());
    }

    private static Route route(Object bean, Method m) {
        Handles handles = m.getAnnotation(Handles.class);
        int modifiers = m.getModifiers();
        if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)) {
            throw new ConfigurationException(name(m), "a @Handles method must be a public instance method");
        }
        String reply = handles.reply().isEmpty() ? handles.value() : handles.reply();
        Class<?> payload = payloadType(m);
        Reply kind = reply(m);
        MethodHandle invoker = invoker(bean, m);
        Route.Invoker call = switch (kind) {
            case NONE -> (p, c) -> {
                invoke(invoker, p, c);
                return null;
            };
            case VALUE -> (p, c) -> {
                Object value = invoke(invoker, p, c);
                if (value != null) {
                    c.reply(reply, value);
                }
                return null;
            };
            case STAGE -> (p, c) -> {
                CompletionStage<?> stage = (CompletionStage<?>) invoke(invoker, p, c);
                return stage == null ? null : stage.thenApply(value -> {
                    if (value != null) {
                        c.reply(reply, value);
                    }
                    return value;
                });
            };
        };
        return new Route(handles.value(), payload, kind == Reply.STAGE, call, requires(m, handles),
                m.getDeclaringClass().getName() + "#" + m.getName());
    }

    private static Object invoke(MethodHandle invoker, Object payload, MessageContext context) throws Exception {
        try {
            return (Object) invoker.invokeExact(payload, context);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) { // neither: cannot be thrown by Java code, kept for the compiler
            throw new IllegalStateException(t);
        }
    }

    /** The payload parameter's class, or null when the method takes none. */
    private static Class<?> payloadType(Method m) {
        Class<?> payload = null;
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            Class<?> type = m.getParameterTypes()[i];
            if (FROM_CONTEXT.containsKey(type)) {
                continue;
            }
            if (payload != null) {
                throw new ConfigurationException(name(m), "parameters " + payload.getSimpleName() + " and "
                        + type.getSimpleName() + " are both a payload; a method takes at most one, besides "
                        + contextTypes());
            }
            String unbindable = notAnObject(types[i], true);
            if (unbindable != null) {
                throw new ConfigurationException(name(m), "its parameter " + type.getSimpleName() + " cannot be bound:"
                        + " 'data' is a JSON object, " + unbindable + "; take a record, a class, a Map or a JsonObject,"
                        + " or one of " + contextTypes());
            }
            payload = type;
        }
        return payload;
    }

    /** What a method's return value is sent as. */
    private enum Reply { NONE, VALUE, STAGE }

    private static Reply reply(Method m) {
        Class<?> type = m.getReturnType();
        if (type == void.class || type == Void.class) {
            return Reply.NONE;
        }
        Type generic = m.getGenericReturnType();
        boolean stage = CompletionStage.class.isAssignableFrom(type);
        Type value = generic;
        if (stage) {
            value = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            if (value == Void.class) {
                return Reply.STAGE;
            }
        }
        String unwritable = notAnObject(value, false);
        if (unwritable != null) {
            throw new ConfigurationException(name(m), "its " + (stage ? "stage's value" : "return value")
                    + " cannot be a reply: a reply's 'data' is a JSON object, " + unwritable
                    + "; return a record, a class, a Map or a JsonObject (" + (stage ? "CompletionStage<Void>" : "void")
                    + " for no reply)");
        }
        return stage ? Reply.STAGE : Reply.VALUE;
    }

    /** Why a type is not a JSON object JSON-B reads ({@code binding}) or writes, or null when it is one. */
    private static String notAnObject(Type type, boolean binding) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return "and " + type.getTypeName() + " does not say which class";
        }
        if (type instanceof GenericArrayType) {
            return "not an array";
        }
        Class<?> c = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (c == Object.class) {
            return "and Object does not say which class";
        }
        if (c.isPrimitive() || c.isArray() || NOT_OBJECTS.stream().anyMatch(n -> n.isAssignableFrom(c))) {
            return "not " + (c.isArray() ? "an array" : "a " + c.getSimpleName());
        }
        if (c == JsonObject.class || c == JsonValue.class || Map.class.isAssignableFrom(c) || !binding || c.isRecord()) {
            return null;
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return "and JSON-B cannot make an instance of the abstract " + c.getSimpleName();
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            return "and JSON-B cannot make an instance of the inner class " + c.getSimpleName() + " (make it static)";
        }
        if (!instantiable(c)) {
            return "and " + c.getSimpleName() + " has neither a public or protected no-argument constructor nor a"
                    + " @JsonbCreator";
        }
        return null;
    }

    private static boolean instantiable(Class<?> c) {
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (k.getParameterCount() == 0 && (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))
                    || Stream.of(k.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("JsonbCreator"))) {
                return true;
            }
        }
        return Stream.of(c.getDeclaredMethods()).anyMatch(m -> Modifier.isStatic(m.getModifiers())
                && Stream.of(m.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("JsonbCreator")));
    }

    /** The method as {@code (payload, context) -> Object} on the bean. */
    private static MethodHandle invoker(Object bean, Method m) {
        MethodHandle target;
        try {
            target = LOOKUP.unreflect(m);
        } catch (IllegalAccessException notPublic) {
            try {
                m.setAccessible(true); // a public method of a class that is not (a nested class in a WAR)
                target = LOOKUP.unreflect(m);
            } catch (RuntimeException | IllegalAccessException e) {
                throw new ConfigurationException(name(m), "cannot be called by Gatehouse: " + e.getMessage()
                        + " (make the class public, or open its package to dev.gatehouse)", e);
            }
        }
        target = target.bindTo(bean);
        target = target.type().returnType() == void.class
                ? MethodHandles.filterReturnValue(target, MethodHandles.constant(Object.class, null))
                : target.asType(target.type().changeReturnType(Object.class));
        Class<?>[] parameters = target.type().parameterArray();
        int[] order = new int[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            MethodHandle fromContext = FROM_CONTEXT.get(parameters[i]);
            if (fromContext != null) {
                target = MethodHandles.filterArguments(target, i, fromContext);
                order[i] = 1;
            } else {
                target = target.asType(target.type().changeParameterType(i, Object.class)); // a cast
                order[i] = 0;
            }
        }
        return MethodHandles.permuteArguments(target, INVOKER, order);
    }

    /**
     * Refuses a bean whose class file declares a security annotation that the JVM dropped because
     * the annotation's class is not on the class path (standalone without
     * {@code jakarta.annotation-api}): unseen, it would let every token call the methods it guards.
     * Reads the class files only when the annotation's class is missing.
     */
    static void rolesNotDropped(Class<?> beanClass) {
        for (String annotation : List.of(ROLES_ALLOWED, DENY_ALL)) {
            if (loadable(annotation, beanClass.getClassLoader())) {
                continue;
            }
            String descriptor = "L" + annotation.replace('.', '/') + ";"; // as a class file names it
            for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
                if (classFile(c).contains(descriptor)) {
                    throw new ConfigurationException(c.getName(), "declares @" + annotation.substring(annotation.lastIndexOf('.') + 1)
                            + ", but " + annotation + " is not on the class path, so the JVM dropped it and every token"
                            + " could call what it guards; add jakarta.annotation:jakarta.annotation-api to the application");
                }
            }
        }
    }

    private static boolean loadable(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The class file's bytes as ISO-8859-1 text (one char a byte), or empty when it cannot be read. */
    private static String classFile(Class<?> c) {
        try (var in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code @RolesAllowed} on the method, else on its class; {@code @PermitAll} on the method lifts it. */
    private static Requires requires(Method m, Handles handles) {
        if (annotation(m.getAnnotations(), DENY_ALL)) {
            throw new ConfigurationException(name(m), "@DenyAll on a handler method: remove its @Handles instead");
        }
        Requires roles = annotation(m.getAnnotations(), PERMIT_ALL) ? Requires.NOTHING
                : annotation(m.getAnnotations(), ROLES_ALLOWED) ? RolesAllowed.of(m) : RolesAllowed.ofClass(m.getDeclaringClass());
        if (handles.scopes().length == 0) {
            return roles;
        }
        try {
            return new Requires(roles.anyGroup(), Requires.scopes(handles.scopes()).everyScope());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name(m), "@Handles(scopes): " + e.getMessage());
        }
    }

    private static boolean annotation(java.lang.annotation.Annotation[] annotations, String name) {
        return Stream.of(annotations).anyMatch(a -> a.annotationType().getName().equals(name));
    }

    private static MethodHandle contextGetter(String name, Class<?> type) {
        try {
            return MethodHandles.publicLookup().findVirtual(MessageContext.class, name, MethodType.methodType(type));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static String contextTypes() {
        return FROM_CONTEXT.keySet().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
    }

    /** How errors name a method: {@code com.example.Chat#send}. */
    static String name(Method m) {
        return m.getDeclaringClass().getName() + "#" + m.getName();
    }
}
