package dev.gatehouse.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade request written by hand on a plain {@link Socket}, so that tests see exactly
 * what the server answers to a refused handshake: status line, headers, body, and whether the server
 * then closes the socket.
 */
public final class RawUpgrade {
    private RawUpgrade() {
    }

    /**
     * What the server answered.
     *
     * @param status the HTTP status
     * @param headers header values by lower-case name
     * @param body the body as text
     * @param raw the whole response as text
     * @param closedByServer whether the server closed the socket after the response
     * @param elapsed from writing the request to the end of the body
     */
    public record Response(int status, Map<String, List<String>> headers, String body, String raw,
            boolean closedByServer, Duration elapsed) {

        /** The single value of a header, or null when absent; fails when it is repeated. */
        public String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            if (values.size() > 1) {
                throw new AssertionError("Header " + name + " repeated: " + values);
            }
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** Sends an upgrade request for the URI's path and query with these extra headers. */
    public static Response send(URI uri, Map<String, String> headers) {
        String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        StringBuilder request = new StringBuilder()
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        return exchange(uri, request.toString());
    }

    /** Sends {@code request} exactly as given (any request line and headers) and reads the answer. */
    public static Response exchange(URI uri, String request) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream(), start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an answer from a socket a test wrote to itself, for example byte by byte. */
    public static Response read(Socket socket) throws IOException {
        return read(socket.getInputStream(), System.nanoTime());
    }

    private static Response read(InputStream in, long start) throws IOException {
        StringBuilder raw = new StringBuilder();
        String statusLine = line(in);
        raw.append(statusLine).append("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            raw.append(line).append("\r\n");
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        raw.append("\r\n");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status == 101) { // upgraded: the socket now carries WebSocket frames
            return new Response(status, headers, "", raw.toString(), false, Duration.ofNanos(System.nanoTime() - start));
        }
        String text = body(in, headers).toString(StandardCharsets.UTF_8);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        raw.append(text);
        boolean closed;
        try {
            closed = in.read() == -1;
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            closed = true; // reset by the server
        }
        return new Response(status, headers, text, raw.toString(), closed, elapsed);
    }

    /** A body by {@code Content-Length} or chunked (application servers' error pages are chunked). */
    private static ByteArrayOutputStream body(InputStream in, Map<String, List<String>> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length.get(0))));
        } else if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        return body;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("Connection closed mid-response after: " + line.toString(StandardCharsets.UTF_8));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
