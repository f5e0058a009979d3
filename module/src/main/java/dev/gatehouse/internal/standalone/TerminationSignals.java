package dev.gatehouse.internal.standalone;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Stops the standalone server when the process is asked to end (SIGTERM, SIGINT), before the JVM's
 * shutdown begins, then exits as the JVM would (128 + the signal's number). Work done in a shutdown
 * hook instead races java.util.logging's own hook, which resets every logger while the other hooks
 * run: the last connections' close lines, logged as they close, were lost. Uses
 * {@code sun.misc.Signal} ({@code jdk.unsupported}) by reflection; where it is missing, a shutdown
 * hook stands in.
 */
public final class TerminationSignals {
    private TerminationSignals() {
    }

    /** Runs {@code stop} on SIGTERM and SIGINT, then exits. */
    public static void install(Runnable stop) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handlerType);
            Method number = signal.getMethod("getNumber");
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            stop.run();
                            Runtime.getRuntime().exit(128 + (int) number.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "gatehouse-stop";
                    });
            for (String name : List.of("TERM", "INT")) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "gatehouse-stop"));
        }
    }
}
