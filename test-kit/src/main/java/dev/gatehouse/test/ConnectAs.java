package dev.gatehouse.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user a {@link TestConnection} parameter connects as, instead of {@link
 * GatehouseExtension#DEFAULT_USER}: {@code void chat(@ConnectAs("alice") TestConnection alice,
 * @ConnectAs("bob") TestConnection bob)}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ConnectAs {
    /**
     * {@return the subject of the connection's token}
     */
    String value();
}
