package dev.gatehouse.internal;

import dev.gatehouse.Requires;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads {@code jakarta.annotation.security.RolesAllowed} on a handler's class (or a superclass: a
 * CDI client proxy subclasses the bean, and the annotation is not inherited) as a
 * {@link Requires#groups}. Read by name, so Gatehouse does not need the annotation library; where
 * it is absent no handler can carry the annotation. Stateless.
 */
final class RolesAllowed {
    private static final String NAME = "jakarta.annotation.security.RolesAllowed";

    private RolesAllowed() {
    }

    /** The groups {@code @RolesAllowed} names on the handler's class, or {@link Requires#NOTHING}. */
    static Requires of(Object handler) {
        for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Annotation a : c.getDeclaredAnnotations()) {
                if (a.annotationType().getName().equals(NAME)) {
                    return Requires.groups(roles(a, c));
                }
            }
        }
        return Requires.NOTHING;
    }

    private static String[] roles(Annotation rolesAllowed, Class<?> on) {
        try {
            String[] roles = (String[]) rolesAllowed.annotationType().getMethod("value").invoke(rolesAllowed);
            if (roles.length == 0) {
                throw new IllegalArgumentException("@RolesAllowed on " + on.getName() + " names no role");
            }
            return roles;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("@RolesAllowed on " + on.getName() + " could not be read", e);
        }
    }
}
