package dev.gatehouse.bench;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * What permessage-deflate ({@code gatehouse.compression.*}) costs and saves, in this JVM, over
 * plain sockets: the bytes on the wire of a typical chat message and its echo, both ways, with
 * compression off, on (no context takeover, the default) and on with context takeover; and the
 * heap and resident memory per idle connection, from 1,000 connections opened after a GC, each
 * welcomed and having sent one message and had its echo, and counted after another GC. The client
 * compresses as a browser does (zlib, here a fresh stream per message). Not a benchmark of speed:
 * sizes and memory only, one mode per JVM, run with a pre-touched heap so that resident memory
 * grows only by what is allocated outside it (zlib's streams):
 * {@code java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp gatehouse-bench.jar dev.gatehouse.bench.CompressionCost off|on|on+context-takeover [connections]}.
 */
public final class CompressionCost {
    private static final String SECRET = "compression-cost-secret-of-at-least-256-bits!!";
    /** Chat lines, each sent as {@code {"type":"echo","id":"42","data":{"room":"general","text":...}}}. */
    private static final List<String> LINES = List.of(
            "hey, are we still on for lunch at 12:30? I can book the usual place near the station",
            "yes! see you there, I'll bring the slides for the review",
            "running 10 minutes late, the train is stuck outside the tunnel again",
            "no worries, I got us a table by the window",
            "did anyone read the release notes for 4.2? the migration part looks scary",
            "I did, it's mostly renamed settings, the script handles them",
            "great, then let's plan it for Thursday after the standup",
            "can you share the dashboard link? mine shows no data since yesterday",
            "here: the filter was set to last hour, switch it to 7 days",
            "thanks, that was it :)");

    private CompressionCost() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        for (String mode : args.length > 0 ? List.of(args[0]) : List.of("off", "on", "on+context-takeover")) {
            try (GatehouseServer server = Gatehouse.builder()
                    .config(c -> c.hmacSecret(SECRET).maxConnectionsPerUser(0).port(0)
                            .compressionEnabled(!mode.equals("off")).compressionContextTakeover(mode.endsWith("takeover")))
                    .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                    .start()) {
                wire(mode, server.uri());
                idle(mode, server.uri(), connections);
            }
        }
    }

    private static String chat(String line) {
        return "{\"type\":\"echo\",\"id\":\"42\",\"data\":{\"room\":\"general\",\"text\":\"" + line + "\"}}";
    }

    /** Bytes on the wire of ten different chat messages and their echoes, after the welcome. */
    private static void wire(String mode, URI uri) throws IOException {
        try (Client c = Client.connect(uri)) {
            int welcome = c.readFrame();
            long raw = 0;
            long up = 0;
            long down = 0;
            for (String line : LINES) {
                raw += chat(line).length();
                up += c.send(chat(line));
                down += c.readFrame();
            }
            int n = LINES.size();
            System.out.printf("%-20s extension: %s%n", mode, c.extensions);
            System.out.printf("%-20s welcome %d B on the wire; chat message %.1f B of JSON: client->server %.1f B, echo"
                    + " server->client %.1f B on the wire (frame headers included, means of %d)%n",
                    mode, welcome, raw / (double) n, up / (double) n, down / (double) n, n);
        }
    }

    /** Heap and resident memory per idle, welcomed connection. */
    private static void idle(String mode, URI uri, int n) throws Exception {
        List<Client> clients = new ArrayList<>(n);
        long heap0 = BenchServer.heapAfterGc();
        long rss0 = BenchServer.rss();
        for (int i = 0; i < n; i++) {
            Client c = Client.connect(uri);
            c.readFrame();
            c.send(chat(LINES.get(i % LINES.size())));
            c.readFrame();
            clients.add(c);
        }
        Thread.sleep(500);
        long heap1 = BenchServer.heapAfterGc();
        long rss1 = BenchServer.rss();
        System.out.printf("%-20s %d idle connections: heap %+.1f KiB and RSS %+.1f KiB per connection (both ends, one JVM)%n",
                mode, n, (heap1 - heap0) / 1024.0 / n, (rss1 - rss0) / 1024.0 / n);
        for (Client c : clients) {
            c.close();
        }
    }

    /** A client on a plain socket offering what a browser offers, counting the bytes of each frame. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        /** One stream for every client (they send one at a time), so that the clients' zlib memory is not counted. */
        private static final Deflater DEFLATER = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private String extensions;

        private Client(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static Client connect(URI uri) throws IOException {
            Client c = new Client(new Socket(uri.getHost(), uri.getPort()));
            String token = TestTokens.hs256(SECRET).subject("user").compact();
            c.out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) c.in.readUnsignedByte());
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("sec-websocket-extensions:")) {
                    c.extensions = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return c;
        }

        /** Sends a text message, compressed when the extension was agreed; the frame's bytes. */
        int send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int first = 0x81;
            if (extensions != null) {
                DEFLATER.reset(); // client_no_context_takeover, or as good as: a fresh stream per message
                DEFLATER.setInput(payload);
                byte[] buf = new byte[payload.length + 64];
                int n = DEFLATER.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                payload = Arrays.copyOf(buf, n - 4);
                first |= 0x40;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(first);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length);
            }
            frame.write(new byte[4]); // a zero mask
            frame.write(payload);
            out.write(frame.toByteArray());
            return frame.size();
        }

        /** Reads one frame; its size on the wire. */
        int readFrame() throws IOException {
            in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            int header = 2;
            if (length == 126) {
                length = in.readUnsignedShort();
                header += 2;
            } else if (length == 127) {
                length = (int) in.readLong();
                header += 8;
            }
            in.readFully(new byte[length]);
            return header + length;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
