package org.mxpack.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 standing in for rspamd's {@code /checkv2} where a real rspamd cannot fail
 * on demand: it answers every scan {@link Mode#CLEAN clean} ({@code no action}), or fails as a scanner
 * fails: {@link Mode#SLOW} (holds the request without answering until {@link #close()}),
 * {@link Mode#GARBAGE} ({@code 200} with a body that is not JSON), {@link Mode#HTTP_500}; and it can
 * {@link #down() go down} (connections refused) and come {@link #up() back} on its port.
 */
public final class ScannerStub implements AutoCloseable {
    /** How the next scans are answered. */
    public enum Mode { CLEAN, SLOW, GARBAGE, HTTP_500 }

    private static final String CLEAN_REPLY =
            "{\"action\":\"no action\",\"score\":0.5,\"required_score\":15.0,\"symbols\":{}}";

    private final int port;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger scans = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scanner-stub");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerSocket server;
    private volatile Mode mode = Mode.CLEAN;

    private ScannerStub(ServerSocket server) {
        this.server = server;
        this.port = server.getLocalPort();
        workers.submit(() -> acceptLoop(server));
    }

    public static ScannerStub start() throws IOException {
        return new ScannerStub(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    /** {@code http://127.0.0.1:PORT}, for {@code <spam><url>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public ScannerStub mode(Mode value) {
        this.mode = value;
        return this;
    }

    /** Scan requests received so far (read completely, answered or not). */
    public int scans() {
        return scans.get();
    }

    /** Closes the listener: connections are refused until {@link #up()}. */
    public void down() throws IOException {
        server.close();
    }

    /** Listens again on the same port. */
    public void up() throws IOException {
        if (server.isClosed()) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
            server = s;
            workers.submit(() -> acceptLoop(s));
        }
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (Socket s = socket) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            readRequest(in);
            scans.incrementAndGet();
            Mode m = mode;
            OutputStream out = s.getOutputStream();
            switch (m) {
                case SLOW:
                    closing.await(); // never answers; the connection ends when the client gives up or we close
                    return;
                case GARBAGE:
                    reply(out, "200 OK", "\u0000\u00ff<html>not json at all".getBytes(StandardCharsets.ISO_8859_1));
                    return;
                case HTTP_500:
                    reply(out, "500 Internal Server Error", "{\"error\":\"worker crashed\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                default:
                    reply(out, "200 OK", CLEAN_REPLY.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | InterruptedException e) {
            // client went away, or closing
        }
    }

    /** Reads the request head and its body (Content-Length or chunked). */
    private static void readRequest(InputStream in) throws IOException {
        long length = 0;
        boolean chunked = false;
        for (String line : readHead(in, "\r\n\r\n").split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Long.parseLong(l.substring(15).trim());
            } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            in.readNBytes((int) length);
            return;
        }
        long size;
        while ((size = Long.parseLong(readHead(in, "\r\n").trim().split(";")[0], 16)) > 0) {
            in.readNBytes((int) size + 2);
        }
        readHead(in, "\r\n"); // the empty trailer line
    }

    private static String readHead(InputStream in, String end) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void reply(OutputStream out, String status, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Waits until at least {@code count} scans arrived; false on time-out. */
    public boolean awaitScans(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (scans.get() < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return scans.get() >= count;
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
