package dev.gatehouse.arquillian.embedded;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;

/**
 * An Arquillian container that "deploys" a WAR by starting a standalone {@link GatehouseServer} for it
 * on a free port, the way Payara and WildFly would run it, without CDI:
 *
 * <ul>
 * <li>configuration: system properties, environment, then the archive's
 *     {@code WEB-INF/classes/META-INF/microprofile-config.properties} (MicroProfile Config's order);</li>
 * <li>handlers, readiness checks, setup steps, listeners and the other Gatehouse extension points: the
 *     archive's classes implementing them or having {@code @Handles} methods, under {@code
 *     WEB-INF/classes} and in the bean archives of {@code WEB-INF/lib}, one instance per class, made
 *     with its {@code @Inject} constructor (its parameters made likewise, one instance per class) or
 *     its public no-arg constructor; no other injection, and no CDI scopes or interceptors;</li>
 * <li>endpoint: {@code /CONTEXT} + the path of a {@code GatehouseEndpoint} subclass in the archive, else
 *     {@code /CONTEXT/ws}, where CONTEXT is the archive name without {@code .war}, as on the servers.</li>
 * </ul>
 *
 * <p>{@code @ArquillianResource URL} is {@code http://HOST:PORT/CONTEXT/}. Undeploying stops the server,
 * so clients get 1001. A misconfiguration fails the deployment with a {@link DeploymentException}. The
 * archive's classes must be on the test class path (Arquillian's usual set-up).
 */
public final class EmbeddedGatehouseContainer implements DeployableContainer<EmbeddedGatehouseConfiguration> {
    private static final String CONFIG_FILE = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    private final Map<String, GatehouseServer> deployed = new ConcurrentHashMap<>();
    private EmbeddedGatehouseConfiguration configuration = new EmbeddedGatehouseConfiguration();

    @Override
    public Class<EmbeddedGatehouseConfiguration> getConfigurationClass() {
        return EmbeddedGatehouseConfiguration.class;
    }

    @Override
    public void setup(EmbeddedGatehouseConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String context = ArchiveScan.contextRoot(archive);
        GatehouseServer server;
        try {
            ConfigSource source = ConfigSource.system()
                    .withFallback(ConfigSource.of(ArchiveScan.properties(archive, CONFIG_FILE)));
            String path = context + ArchiveScan.endpointPath(archive);
            Gatehouse.Builder gatehouse = Gatehouse.builder(source)
                    .config(c -> c.host(configuration.getBindAddress()).port(0).path(path));
            ArchiveScan.addComponents(archive, gatehouse);
            server = gatehouse.start();
        } catch (RuntimeException | ReflectiveOperationException e) {
            throw new DeploymentException("Gatehouse could not deploy " + archive.getName() + ": " + e.getMessage(), e);
        }
        GatehouseServer previous = deployed.put(archive.getName(), server);
        if (previous != null) {
            previous.stop();
        }
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), server.port());
        http.add(new Servlet("gatehouse", context.isEmpty() ? "/" : context));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        GatehouseServer server = deployed.remove(archive.getName());
        if (server != null) {
            server.stop();
        }
    }

    /** Stops whatever is still deployed. */
    @Override
    public void stop() {
        deployed.keySet().forEach(name -> deployed.remove(name).stop());
    }
}
