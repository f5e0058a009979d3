package dev.gatehouse.it.war.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSDestinationDefinition;

/**
 * Declares the JMS topic the Gatehouse nodes of the JMS cluster test meet on: the server's broker
 * creates it when the deployment that carries this class starts, and binds it where every
 * deployment sees it.
 */
@ApplicationScoped
@JMSDestinationDefinition(name = GatehouseTopic.JNDI_NAME, interfaceName = "jakarta.jms.Topic",
        destinationName = "gatehouse")
public class GatehouseTopic {
    /** Where the topic is bound. */
    public static final String JNDI_NAME = "java:global/jms/gatehouse";
}
