package dev.gatehouse;

/** The WebSocket close codes that Gatehouse uses (PROTOCOL.md §5). */
public final class CloseCodes {
    /** Not a close code: the connection stays open. */
    public static final int NONE = 0;
    /** Normal close by either side. */
    public static final int NORMAL = 1000;
    /** Server shutting down or application undeployed. */
    public static final int GOING_AWAY = 1001;
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
}
