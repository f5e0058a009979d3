package dev.gatehouse.client.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of a server that can make the connections it carries go silent: the bytes
 * from the server are read and dropped, so the client hears nothing, while the sockets stay open.
 * Connections made after {@link #silenceCurrent()} are forwarded normally. It also counts the
 * connections it accepted: one per WebSocket handshake (the JDK client opens a connection for each).
 */
public final class SilenceProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * Starts the proxy on a free port.
     *
     * @param targetPort the server's port on 127.0.0.1
     * @throws IOException when no port can be bound
     */
    public SilenceProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "silence-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** {@return the WebSocket URI through the proxy} */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws");
    }

    /** {@return how many connections the proxy accepted} */
    public int accepted() {
        return pipes.size();
    }

    /** From now on, drop what the server sends on the connections open now. */
    public void silenceCurrent() {
        pipes.forEach(p -> p.silent.set(true));
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                Pipe down = new Pipe();
                pipes.add(down);
                pump(client.getInputStream(), server.getOutputStream(), new Pipe(), "up");
                pump(server.getInputStream(), client.getOutputStream(), down, "down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies one direction; a silenced direction drops what it reads and leaves the other side open. */
    private static void pump(InputStream in, OutputStream out, Pipe pipe, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!pipe.silent.get()) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                if (!pipe.silent.get()) {
                    out.close(); // the end is forwarded too, unless silenced: then the client hears nothing
                }
            } catch (IOException e) {
                // the other side went away: this direction ends too
            }
        }, "silence-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** One direction of one connection. */
    private static final class Pipe {
        final AtomicBoolean silent = new AtomicBoolean();
    }
}
