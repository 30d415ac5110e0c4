package org.mxpack.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-purpose HTTP server on loopback for the failure paths: it reads each request (head and
 * Content-Length or chunked body, decoded), records it, waits {@code delayMillis}, then writes {@code reply} verbatim and closes;
 * {@link #trickle} pauses in the middle of the reply instead.
 */
final class StubHttpServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] reply;
    private final long delayMillis;
    private final int pauseAt;
    private final long pauseMillis;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    StubHttpServer(String reply, long delayMillis) throws IOException {
        this(reply.getBytes(StandardCharsets.UTF_8), delayMillis);
    }

    StubHttpServer(byte[] reply, long delayMillis) throws IOException {
        this(reply, delayMillis, reply.length, 0);
    }

    /** Writes the first {@code pauseAt} bytes of {@code reply} at once and the rest {@code pauseMillis} later. */
    static StubHttpServer trickle(String reply, int pauseAt, long pauseMillis) throws IOException {
        return new StubHttpServer(reply.getBytes(StandardCharsets.UTF_8), 0, pauseAt, pauseMillis);
    }

    private StubHttpServer(byte[] reply, long delayMillis, int pauseAt, long pauseMillis) throws IOException {
        this.pauseAt = pauseAt;
        this.pauseMillis = pauseMillis;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        this.reply = reply;
        this.delayMillis = delayMillis;
        this.thread = new Thread(this::serve, "stub-http");
        thread.setDaemon(true);
        thread.start();
    }

    /** An HTTP/1.1 200 reply with a JSON body. */
    static String json(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n" + body;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Each request received: head and body as ISO-8859-1 text (UTF-8 header bytes kept as bytes). */
    List<String> requests() {
        return requests;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                requests.add(readRequest(s.getInputStream()));
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                s.getOutputStream().write(reply, 0, pauseAt);
                s.getOutputStream().flush();
                if (pauseAt < reply.length) {
                    Thread.sleep(pauseMillis);
                    s.getOutputStream().write(reply, pauseAt, reply.length - pauseAt);
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                // client went away or server closed
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int headEnd = -1;
        while (headEnd < 0) {
            int c = in.read();
            if (c < 0) {
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
            buf.write(c);
            byte[] b = buf.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                headEnd = n;
            }
        }
        String head = buf.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
            chunked |= line.equalsIgnoreCase("transfer-encoding: chunked");
        }
        if (!chunked) {
            buf.write(in.readNBytes(length));
            return buf.toString(StandardCharsets.ISO_8859_1);
        }
        // the body as sent, decoded: chunk-size CRLF data CRLF ... 0 CRLF CRLF
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                line(in);
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
            buf.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                l.write(c);
            }
        }
        return l.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
