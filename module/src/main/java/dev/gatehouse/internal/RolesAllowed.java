package dev.gatehouse.internal;

import dev.gatehouse.Requires;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads {@code jakarta.annotation.security.RolesAllowed} as a {@link Requires#groups}: on a
 * handler's class (or a superclass: a CDI client proxy subclasses the bean, and the annotation is
 * not inherited), or on a handler method. Read by name, so Gatehouse does not need the annotation
 * library; where it is absent nothing can carry the annotation. Stateless.
 */
final class RolesAllowed {
    private static final String NAME = "jakarta.annotation.security.RolesAllowed";

    private RolesAllowed() {
    }

    /**
     * The groups {@code @RolesAllowed} names on the handler's class, or {@link Requires#NOTHING}.
     *
     * @throws dev.gatehouse.ConfigurationException when the class declares it but the JVM dropped it
     */
    static Requires of(Object handler) {
        HandlerMethods.rolesNotDropped(handler.getClass());
        return ofClass(handler.getClass());
    }

    /** The groups {@code @RolesAllowed} names on the class or its nearest superclass that has one, or {@link Requires#NOTHING}. */
    static Requires ofClass(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Requires r = on(c, c.getName());
            if (r != Requires.NOTHING) {
                return r;
            }
        }
        return Requires.NOTHING;
    }

    /** The groups {@code @RolesAllowed} names on the method itself, or {@link Requires#NOTHING}. */
    static Requires of(java.lang.reflect.Method method) {
        return on(method, HandlerMethods.name(method));
    }

    private static Requires on(AnnotatedElement element, String named) {
        for (Annotation a : element.getDeclaredAnnotations()) {
            if (a.annotationType().getName().equals(NAME)) {
                return Requires.groups(roles(a, named));
            }
        }
        return Requires.NOTHING;
    }

    private static String[] roles(Annotation rolesAllowed, String on) {
        try {
            String[] roles = (String[]) rolesAllowed.annotationType().getMethod("value").invoke(rolesAllowed);
            if (roles.length == 0) {
                throw new IllegalArgumentException("@RolesAllowed on " + on + " names no role");
            }
            return roles;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("@RolesAllowed on " + on + " could not be read", e);
        }
    }
}
