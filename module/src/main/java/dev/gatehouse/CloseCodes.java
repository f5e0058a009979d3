package dev.gatehouse;

/** The WebSocket close codes that Gatehouse uses (PROTOCOL.md §5). */
public final class CloseCodes {
    /** Not a close code: the connection stays open. */
    public static final int NONE = 0;
    /** Normal close by either side. */
    public static final int NORMAL = 1000;
    /** Server shutting down or application undeployed. */
    public static final int GOING_AWAY = 1001;
    /** The client broke RFC 6455 (standalone server; reason {@link CloseReasons#PROTOCOL_ERROR}). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A text frame or close reason that is not UTF-8 (standalone server; reason {@link CloseReasons#INVALID_PAYLOAD}). */
    public static final int INVALID_PAYLOAD = 1007;
    /** Token expired mid-session, or a diagnostic-mode authentication failure. */
    public static final int POLICY_VIOLATION = 1008;
    /** Frame over the size limit. */
    public static final int TOO_BIG = 1009;
    /** The server itself broke. Never used for an application handler's failure. */
    public static final int INTERNAL_ERROR = 1011;
    /** Readiness checks failed, or connection limits reached. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }

    /**
     * Checks a close an application starts with {@link Connection#close}: the code is one of 1000,
     * 1001, 1008, 1013 or 3000–4999 (the others are the protocol's own: 1002, 1007 and 1009 are
     * Gatehouse's answers to a client's fault, and 1011 is reserved for a broken server), and the
     * reason is at most 123 UTF-8 bytes.
     *
     * @param code the close code
     * @param reason the close reason
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void requireApplicationCode(int code, String reason) {
        boolean allowed = code == NORMAL || code == GOING_AWAY || code == POLICY_VIOLATION || code == TRY_AGAIN_LATER
                || (code >= 3000 && code <= 4999);
        if (!allowed) {
            throw new IllegalArgumentException("Close code " + code
                    + " is not for applications: use 1000, 1001, 1008, 1013 or 3000-4999");
        }
        if (reason == null || reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("A close reason must be given and be at most 123 UTF-8 bytes");
        }
    }
}
