package dev.gatehouse;

/**
 * Gatehouse is misconfigured. Thrown at startup, never at a connection; the message names the
 * property at fault.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The configuration property at fault. */
    private final String property;

    /**
     * Creates the exception.
     *
     * @param property the configuration property at fault
     * @param problem what is wrong with it (never its value when the value is a secret)
     */
    public ConfigurationException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param property the configuration property at fault
     * @param problem what is wrong with it
     * @param cause the underlying failure
     */
    public ConfigurationException(String property, String problem, Throwable cause) {
        super(property + ": " + problem, cause);
        this.property = property;
    }

    /** {@return the configuration property at fault} */
    public String property() {
        return property;
    }
}
