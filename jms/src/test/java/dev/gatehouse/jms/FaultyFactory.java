package dev.gatehouse.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real connection factory with two faults a test can switch on: sends that wait at a gate (a
 * broker that does not keep up, without stopping it), and a cut (this factory's connections closed
 * under the backplane, new ones refused), which takes one node off the broker while the others
 * stay on it. Everything else goes to the real provider.
 */
final class FaultyFactory {
    private final ConnectionFactory real;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch firstSendWaiting = new CountDownLatch(1);
    private volatile boolean cut;

    FaultyFactory(ConnectionFactory real) {
        this.real = real;
    }

    /** {@return the factory to give the backplane} */
    ConnectionFactory factory() {
        return (ConnectionFactory) wrap(real, ConnectionFactory.class);
    }

    /** From now on sends wait until {@link #openGate}. */
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    /** Lets the waiting sends and every later one through. */
    void openGate() {
        gate.countDown();
    }

    /** Waits until a send waits at the closed gate. */
    boolean awaitSendAtGate() throws InterruptedException {
        return firstSendWaiting.await(10, TimeUnit.SECONDS);
    }

    /** Closes this factory's connections and refuses new ones until {@link #heal}. */
    void cut() {
        cut = true;
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                // already closed
            }
        }
        connections.clear();
    }

    /** Connections may be made again. */
    void heal() {
        cut = false;
    }

    private Object wrap(Object target, Class<?> type) {
        InvocationHandler h = (proxy, method, args) -> {
            if (type == ConnectionFactory.class && method.getName().startsWith("createConnection") && cut) {
                throw new JMSException("cut off by the test");
            }
            if (type == MessageProducer.class && method.getName().equals("send")) {
                CountDownLatch g = gate;
                if (g.getCount() > 0) {
                    firstSendWaiting.countDown();
                    g.await();
                }
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Connection c && method.getReturnType() == Connection.class) {
                connections.add(c);
                return wrap(c, Connection.class);
            }
            if (result instanceof Session s && method.getReturnType() == Session.class) {
                return wrap(s, Session.class);
            }
            if (result instanceof MessageProducer p && method.getReturnType() == MessageProducer.class) {
                return wrap(p, MessageProducer.class);
            }
            return result;
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h);
    }
}
