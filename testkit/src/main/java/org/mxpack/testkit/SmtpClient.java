package org.mxpack.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaks the raw SMTP dialogue and returns every reply, so tests assert exact codes and texts.
 * Line endings of message data are normalised to CRLF and dots are stuffed.
 */
public final class SmtpClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final SmtpReply greeting;
    private final List<String> transcript = new ArrayList<>();

    private SmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
        this.greeting = read();
    }

    public static SmtpClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(30_000);
        return new SmtpClient(s);
    }

    public static SmtpClient connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    /**
     * Connects from another loopback address (any of 127.0.0.0/8 works on Linux), so a test can
     * play a client at, say, 127.0.0.66.
     */
    public static SmtpClient connectFrom(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        return new SmtpClient(s);
    }

    /**
     * Connects as a load balancer speaking the PROXY protocol does: {@code header} first (v1 text or
     * v2 binary, see {@link ProxyHeader}), then the SMTP dialogue of the client it stands for.
     */
    public static SmtpClient connectThroughProxy(int port, byte[] header) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(header);
        s.getOutputStream().flush();
        return new SmtpClient(s);
    }

    public SmtpReply greeting() {
        return greeting;
    }

    /** Sends one command line and reads the reply. */
    public SmtpReply command(String line) throws IOException {
        write(line + "\r\n");
        transcript.add("C: " + line);
        return read();
    }

    public SmtpReply ehlo(String name) throws IOException {
        return command("EHLO " + name);
    }

    public SmtpReply helo(String name) throws IOException {
        return command("HELO " + name);
    }

    /** {@code MAIL FROM:<sender>}; an empty sender gives the null reverse-path. */
    public SmtpReply mailFrom(String sender) throws IOException {
        return command("MAIL FROM:<" + sender + ">");
    }

    public SmtpReply rcptTo(String recipient) throws IOException {
        return command("RCPT TO:<" + recipient + ">");
    }

    public SmtpReply rset() throws IOException {
        return command("RSET");
    }

    /** Sends DATA; if the server says 354, sends the message and returns the final reply, else the DATA reply. */
    public SmtpReply data(String message) throws IOException {
        SmtpReply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        write(dotStuff(message) + ".\r\n");
        transcript.add("C: <message, " + message.length() + " chars>");
        return read();
    }

    /** One whole transaction; returns the reply of the first refused step, or of end of DATA. */
    public SmtpReply send(String sender, List<String> recipients, String message) throws IOException {
        SmtpReply r = mailFrom(sender);
        if (!r.isPositive()) {
            return r;
        }
        boolean any = false;
        SmtpReply last = r;
        for (String rcpt : recipients) {
            last = rcptTo(rcpt);
            any |= last.isPositive();
        }
        return any ? data(message) : last;
    }

    public SmtpReply quit() throws IOException {
        return command("QUIT");
    }

    /** What was said so far, for assertion messages. */
    public String transcript() {
        return String.join("\n", transcript);
    }

    static String dotStuff(String message) {
        String crlf = message.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
        if (!crlf.endsWith("\r\n")) {
            crlf += "\r\n";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : crlf.split("\r\n", -1)) {
            sb.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        sb.setLength(sb.length() - 2); // split left one empty tail element
        return sb.toString();
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server after " + lines + "\n" + transcript());
            }
            lines.add(line);
            transcript.add("S: " + line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                int code = Integer.parseInt(line.substring(0, 3));
                return new SmtpReply(code, lines);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
