package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket that does only what a test tells it: it never answers a
 * ping by itself and never reads unless asked. For behaviour no library client allows, such as a
 * peer that stops answering pings.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String response = "";

    /**
     * A frame the server sent: its opcode, payload and RSV1 bit (set on a message compressed by
     * permessage-deflate, whose payload is then as it came, compressed).
     */
    public record Frame(int opcode, byte[] payload, boolean rsv1) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The JSON object a text frame holds; fails for any other frame. */
        public JsonObject json() {
            assertEquals(0x1, opcode, text());
            return Json.createReader(new StringReader(text())).readObject();
        }

        /** The close code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        /** The close reason of a close frame. */
        public String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Upgrades with a bearer token and asserts {@code 101 Switching Protocols}. */
    public static RawWebSocket connect(URI uri, String token) throws IOException {
        return connect(uri, token, new byte[0]);
    }

    /**
     * Upgrades with a bearer token, sending {@code pipelined} (frames, or the start of one) in the
     * same write as the request, without waiting for the answer as RFC 6455 says a client should;
     * asserts {@code 101 Switching Protocols}.
     */
    public static RawWebSocket connect(URI uri, String token, byte[] pipelined) throws IOException {
        return connect(uri, token, "", pipelined);
    }

    /**
     * Upgrades with a bearer token and a {@code Sec-WebSocket-Extensions} offer; asserts
     * {@code 101 Switching Protocols}. The answer's header is {@link #extensions()}.
     */
    public static RawWebSocket connectOffering(URI uri, String token, String extensions) throws IOException {
        return connectOffering(uri, token, extensions, new byte[0]);
    }

    /** {@link #connectOffering(URI, String, String)} with {@code pipelined} in the request's write, as {@link #connect(URI, String, byte[])}. */
    public static RawWebSocket connectOffering(URI uri, String token, String extensions, byte[] pipelined) throws IOException {
        return connect(uri, token, "Sec-WebSocket-Extensions: " + extensions + "\r\n", pipelined);
    }

    private static RawWebSocket connect(URI uri, String token, String moreHeaders, byte[] pipelined) throws IOException {
        RawWebSocket ws = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + moreHeaders
                + "Authorization: Bearer " + token + "\r\n\r\n";
        ws.out.write(ClientFrames.concat(request.getBytes(StandardCharsets.US_ASCII), pipelined));
        ws.out.flush();
        ws.response = ws.readHeaders();
        assertTrue(ws.response.startsWith("HTTP/1.1 101"), ws.response);
        return ws;
    }

    /** The 101's {@code Sec-WebSocket-Extensions}, or null when it has none. */
    public String extensions() {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Extensions")) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Reads the next frame the server sent; fails after {@link TestClient#WAIT}. */
    public Frame next() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload, (b0 & 0x40) != 0);
    }

    /** Sends these bytes as they are, in one write. */
    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a masked text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(0x81, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one frame exactly as told, to break the protocol on purpose.
     *
     * @param firstByte FIN, the RSV bits and the opcode
     * @param masked whether to mask it, as a client must
     * @param payload the payload
     */
    public void sendFrame(int firstByte, boolean masked, byte[] payload) throws IOException {
        out.write(ClientFrames.frame(firstByte, masked, payload));
        out.flush();
    }

    /**
     * Sends the header of a masked text frame announcing {@code length} payload bytes, and only
     * {@code sent} of them: enough for a server that judges a frame by its header.
     */
    public void sendFrameStart(long length, int sent) throws IOException {
        out.write(ClientFrames.header(0x81, length));
        out.write(new byte[sent]);
        out.flush();
    }

    /** Reads frames until a close frame and returns it, skipping the others; fails after {@link TestClient#WAIT}. */
    public Frame nextClose() throws IOException {
        for (Frame f = next(); ; f = next()) {
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    /** Whether the server closed the socket (end of stream) within {@link TestClient#WAIT}. */
    public boolean closedByServer() {
        try {
            while (in.read() != -1) {
                // whatever is still on its way
            }
            return true;
        } catch (IOException e) {
            return e instanceof java.net.SocketException; // reset: closed too; a timeout is not
        }
    }

    /** Vanishes: closes the socket with a TCP reset (linger 0), without a close frame, whatever the server is sending. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHeaders() throws IOException {
        StringBuilder head = new StringBuilder();
        InputStream raw = in;
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = raw.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
