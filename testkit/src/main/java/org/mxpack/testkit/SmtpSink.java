package org.mxpack.testkit;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An SMTP server on 127.0.0.1 standing in for downstream MXs and next hops. Records the envelope
 * and data of every accepted message, and every command verb it was sent ({@link #commands()}); can be
 * told to answer the next commands of a stage with a given reply (e.g. {@code 451 4.3.0 try later}) to
 * exercise retries and bounces, to {@link #refuseConnections() refuse connections}, or to offer STARTTLS
 * and then {@link #failStartTls(boolean) fail the TLS handshake}. It never offers working TLS.
 */
public final class SmtpSink implements AutoCloseable {
    /** One message as the sink received it. */
    public static final class Received {
        public final String helo;
        public final String mailFrom;
        public final List<String> recipients;
        public final String data;

        Received(String helo, String mailFrom, List<String> recipients, String data) {
            this.helo = helo;
            this.mailFrom = mailFrom;
            this.recipients = List.copyOf(recipients);
            this.data = data;
        }

        /** The first header of that name, unfolded, or null. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            String[] lines = data.split("\r\n", -1);
            for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
                if (lines[i].toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    StringBuilder v = new StringBuilder(lines[i].substring(prefix.length()).trim());
                    while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                        v.append(' ').append(lines[++i].trim());
                    }
                    return v.toString();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "MAIL FROM:<" + mailFrom + "> RCPT " + recipients + " (" + data.length() + " bytes)";
        }
    }

    private final int port;
    private volatile ServerSocket server;
    private volatile boolean failStartTls;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final Deque<String[]> scripted = new ConcurrentLinkedDeque<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.port = server.getLocalPort();
        workers.submit(() -> acceptLoop(server));
    }

    public static SmtpSink start() throws IOException {
        return new SmtpSink(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    public int port() {
        return port;
    }

    /** Closes the listener: connections to the port are refused until {@link #acceptConnections()}. */
    public void refuseConnections() throws IOException {
        server.close();
    }

    /** Listens again on the same port. */
    public void acceptConnections() throws IOException {
        if (server.isClosed()) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
            server = s;
            workers.submit(() -> acceptLoop(s));
        }
    }

    /**
     * {@code true}: EHLO offers STARTTLS, and STARTTLS is answered {@code 220} followed by bytes that are
     * no TLS record, then the connection is closed (a failed handshake). {@code false} (default): no
     * STARTTLS offered.
     */
    public SmtpSink failStartTls(boolean value) {
        this.failStartTls = value;
        return this;
    }

    /** Every command verb received so far ({@code EHLO}, {@code STARTTLS}, {@code MAIL} ...), in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * The next command of {@code verb} ("MAIL", "RCPT", "DATA" for the reply after the data, "HELO")
     * gets {@code reply} instead of the usual answer. Calls queue up in order.
     */
    public SmtpSink replyNext(String verb, String reply) {
        scripted.add(new String[] {verb.toUpperCase(Locale.ROOT), reply});
        return this;
    }

    public List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Waits until at least {@code count} messages arrived; returns them (fewer on time-out). */
    public List<Received> await(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return messages();
    }

    private void acceptLoop(ServerSocket server) {
        while (running && !server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private String scriptedFor(String verb) {
        for (String[] entry : scripted) {
            if (entry[0].equals(verb) && scripted.remove(entry)) {
                return entry[1];
            }
        }
        return null;
    }

    private void serve(Socket socket) {
        try (Socket s = socket) {
            s.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            say(out, "220 sink.loopback ESMTP test sink");
            String helo = "";
            String from = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                String verb = upper.length() >= 4 ? upper.substring(0, 4) : upper;
                commands.add(upper.startsWith("STARTTLS") ? "STARTTLS" : verb);
                if (verb.equals("EHLO") || verb.equals("HELO")) {
                    String r = scriptedFor("HELO");
                    helo = line.length() > 5 ? line.substring(5).trim() : "";
                    String tls = failStartTls ? "250-STARTTLS\r\n" : "";
                    say(out, r != null ? r : verb.equals("EHLO") ? "250-sink.loopback\r\n250-8BITMIME\r\n" + tls
                            + "250 PIPELINING" : "250 sink.loopback");
                } else if (upper.startsWith("STARTTLS") && failStartTls) {
                    say(out, "220 2.0.0 Ready to start TLS");
                    say(out, "this is not a TLS record");
                    return;
                } else if (verb.equals("MAIL")) {
                    String r = scriptedFor("MAIL");
                    if (r == null) {
                        from = between(line, '<', '>');
                        rcpts.clear();
                    }
                    say(out, r != null ? r : "250 2.1.0 Ok");
                } else if (verb.equals("RCPT")) {
                    String r = scriptedFor("RCPT");
                    if (r == null) {
                        rcpts.add(between(line, '<', '>'));
                    }
                    say(out, r != null ? r : "250 2.1.5 Ok");
                } else if (verb.equals("DATA")) {
                    say(out, "354 End data with <CR><LF>.<CR><LF>");
                    String data = readData(in);
                    String r = scriptedFor("DATA");
                    if (r == null) {
                        messages.add(new Received(helo, from, rcpts, data));
                    }
                    say(out, r != null ? r : "250 2.0.0 Ok: queued");
                    from = null;
                    rcpts = new ArrayList<>();
                } else if (verb.equals("RSET")) {
                    from = null;
                    rcpts = new ArrayList<>();
                    say(out, "250 2.0.0 Ok");
                } else if (verb.equals("QUIT")) {
                    say(out, "221 2.0.0 Bye");
                    return;
                } else if (verb.equals("NOOP")) {
                    say(out, "250 2.0.0 Ok");
                } else {
                    say(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            buf.write((unstuffed + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String between(String line, char open, char close) {
        int a = line.indexOf(open);
        int b = line.indexOf(close, a + 1);
        return a >= 0 && b > a ? line.substring(a + 1, b) : "";
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
