package dev.gatehouse.jms.internal;

/** The names the backplane gives things at the broker, and what it shows of a URL. Not instantiable. */
final class Names {
    /** The message property naming the Gatehouse topic ({@code all}, {@code room:<name>}) a message is for. */
    static final String TOPIC_PROPERTY = "gatehouse_topic";
    /** The message property naming the node that sent it. */
    static final String NODE_PROPERTY = "gatehouse_node";

    private Names() {
    }

    /**
     * The selector of a node's subscription: every message but its own. A message without the
     * property (not Gatehouse's) is not selected either.
     */
    static String selector(String nodeId) {
        return NODE_PROPERTY + " <> '" + nodeId.replace("'", "''") + "'";
    }

    /**
     * A node's durable subscription: one per topic and node, shared (JMS 2) so that no client id is
     * needed, which a container-managed connection factory does not allow to set.
     */
    static String subscription(String topicName, String nodeId) {
        return "gatehouse." + topicName + "." + nodeId;
    }

    /** A URL for messages: scheme, host and port; no user information, no query (Artemis takes a password there). */
    static String withoutCredentials(String url) {
        String u = url;
        int query = u.indexOf('?');
        if (query >= 0) {
            u = u.substring(0, query);
        }
        int scheme = u.indexOf("://");
        int at = u.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            u = u.substring(0, scheme + 3) + u.substring(at + 1);
        }
        return u;
    }
}
