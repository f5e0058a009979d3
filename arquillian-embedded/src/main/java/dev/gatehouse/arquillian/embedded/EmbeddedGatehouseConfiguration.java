package dev.gatehouse.arquillian.embedded;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of the embedded container ({@code arquillian.xml}, all optional): {@code bindAddress}, the
 * interface every deployment's server binds (default {@code 127.0.0.1}; each gets a free port).
 */
public final class EmbeddedGatehouseConfiguration implements ContainerConfiguration {
    private String bindAddress = "127.0.0.1";

    /**
     * The interface the servers bind.
     *
     * @return the address, {@code 127.0.0.1} unless set
     */
    public String getBindAddress() {
        return bindAddress;
    }

    /**
     * Sets the interface the servers bind.
     *
     * @param bindAddress a host name or address, not empty
     */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    @Override
    public void validate() throws ConfigurationException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigurationException("bindAddress must not be empty");
        }
    }
}
