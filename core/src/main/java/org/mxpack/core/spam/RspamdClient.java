package org.mxpack.core.spam;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks rspamd's normal worker about one message: {@code POST /checkv2} with the raw message as the body and
 * the envelope in rspamd's request headers ({@code IP}, {@code Helo}, {@code Hostname}, {@code From}, one
 * {@code Rcpt} per recipient, {@code Queue-Id}, {@code User}, {@code Settings-ID}, {@code Pass},
 * {@code Password}). See https://rspamd.com/doc/developers/protocol.html.
 *
 * <p>{@link #check(SpamRequest)} never blocks and its future never completes exceptionally: an unreachable
 * rspamd gives {@link ScannerStatus#UNAVAILABLE}, one slower than the budget {@link ScannerStatus#TIMEOUT}
 * (connect, send and reply together), an unusable reply {@link ScannerStatus#ERROR}. Thread-safe.
 */
public final class RspamdClient {
    /** rspamd's normal worker port. */
    public static final int DEFAULT_PORT = 11333;
    /** Reply bytes accepted: rspamd lists URLs and e-mail addresses found, which can be long, but not this long. */
    static final int MAX_REPLY = 8 * 1024 * 1024;

    private final String host;
    private final int port;
    private final String path;
    private final Duration timeout;
    private final String password;
    private volatile HttpPost transport;

    /**
     * @param baseUri  {@code http://host[:port][/prefix]}: the normal worker (port 11333 when absent); a
     *                 prefix is kept for a proxy in front of rspamd. HTTPS is not rspamd's (it has HTTPCrypt).
     * @param timeout  the whole exchange's budget
     * @param password sent as {@code Password}; the normal worker ignores it, a controller or proxy may want it
     * @throws IllegalArgumentException for a URI or budget that cannot work (a configuration error)
     */
    public RspamdClient(URI baseUri, Duration timeout, Optional<String> password) {
        Objects.requireNonNull(baseUri, "baseUri");
        if (!"http".equalsIgnoreCase(baseUri.getScheme())) {
            throw new IllegalArgumentException("rspamd URI must be http://host[:port]: " + baseUri);
        }
        if (baseUri.getHost() == null || baseUri.getHost().isEmpty()) {
            throw new IllegalArgumentException("rspamd URI has no host: " + baseUri);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rspamd timeout must be positive: " + timeout);
        }
        String h = baseUri.getHost();
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = baseUri.getPort() > 0 ? baseUri.getPort() : DEFAULT_PORT;
        String p = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        this.path = (p.endsWith("/") ? p.substring(0, p.length() - 1) : p) + "/checkv2";
        this.timeout = timeout;
        this.password = password.map(RspamdClient::headerValue).filter(s -> !s.isEmpty()).orElse(null);
        InetSocketAddress address = new InetSocketAddress(host, port);
        this.transport = address.isUnresolved() ? null : new HttpPost(address, MAX_REPLY);
    }

    /** The endpoint asked, for logs. */
    public URI checkUri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Scans one message; the future always completes normally, within about the budget. */
    public CompletableFuture<SpamVerdict> check(SpamRequest request) {
        Objects.requireNonNull(request, "request");
        HttpPost post = transport();
        if (post == null) {
            return CompletableFuture.completedFuture(SpamVerdict.unavailable("cannot resolve rspamd host " + host));
        }
        try {
            return post.send(head(request), request.messageBuffer(), timeout)
                    .handle((reply, failure) -> {
                        if (failure == null) {
                            return RspamdReplyParser.parse(reply.status, reply.body);
                        }
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof HttpPost.Failure) {
                            return failed(((HttpPost.Failure) cause).status, cause.getMessage());
                        }
                        return SpamVerdict.error(String.valueOf(cause));
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(SpamVerdict.error("cannot send to rspamd: " + e));
        }
    }

    /** Host names are resolved once; one that did not resolve yet is tried again (system resolver) per call. */
    private HttpPost transport() {
        HttpPost t = transport;
        if (t == null) {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (!address.isUnresolved()) {
                t = new HttpPost(address, MAX_REPLY);
                transport = t;
            }
        }
        return t;
    }

    private static SpamVerdict failed(ScannerStatus status, String reason) {
        switch (status) {
            case UNAVAILABLE:
                return SpamVerdict.unavailable(reason);
            case TIMEOUT:
                return SpamVerdict.timeout(reason);
            default:
                return SpamVerdict.error(reason);
        }
    }

    /** Request line and headers. Values are UTF-8 (SMTPUTF8 addresses) with every control character removed. */
    byte[] head(SpamRequest r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("POST ").append(path).append(" HTTP/1.0\r\n");
        header(sb, "Host", (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        header(sb, "Content-Length", Integer.toString(r.messageLength()));
        r.ip().ifPresent(v -> header(sb, "IP", v));
        r.helo().ifPresent(v -> header(sb, "Helo", v));
        r.hostname().ifPresent(v -> header(sb, "Hostname", v));
        r.mailFrom().ifPresent(v -> header(sb, "From", "<" + v + ">"));
        for (String rcpt : r.recipients()) {
            header(sb, "Rcpt", rcpt.startsWith("<") ? rcpt : "<" + rcpt + ">");
        }
        r.queueId().ifPresent(v -> header(sb, "Queue-Id", v));
        r.user().ifPresent(v -> header(sb, "User", v));
        r.settingsId().ifPresent(v -> header(sb, "Settings-ID", v));
        if (r.passAll()) {
            header(sb, "Pass", "all");
        }
        if (password != null) {
            header(sb, "Password", password);
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(headerValue(value)).append("\r\n");
    }

    /** No CR, LF or other control character may reach the request: they would forge headers. */
    private static String headerValue(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }
}
