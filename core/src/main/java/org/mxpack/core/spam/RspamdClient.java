package org.mxpack.core.spam;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks rspamd's normal worker about one message: {@code POST /checkv2} with the raw message as the body and
 * the envelope in rspamd's request headers ({@code IP}, {@code Helo}, {@code Hostname}, {@code From}, one
 * {@code Rcpt} per recipient, {@code Queue-Id}, {@code User}, {@code Settings-ID}, {@code Pass},
 * {@code Password}), over Java's {@link java.net.http.HttpClient} (see {@link CheckRequest} for the values
 * that go in the query string instead). See https://rspamd.com/doc/developers/protocol.html.
 *
 * <p>{@link #check(SpamRequest)} never blocks and its future never completes exceptionally: an unreachable
 * rspamd gives {@link ScannerStatus#UNAVAILABLE}, one slower than the budget {@link ScannerStatus#TIMEOUT}
 * (connect, send and reply together), an unusable reply {@link ScannerStatus#ERROR}. Thread-safe.
 */
public final class RspamdClient {
    /** rspamd's normal worker port. */
    public static final int DEFAULT_PORT = 11333;
    /**
     * Reply bytes accepted: rspamd lists the URLs and addresses it found, which can be long, but not this
     * long; and a message's checks stay within 1 MiB plus its header section whatever a scanner answers.
     */
    static final int MAX_REPLY = 1024 * 1024;

    private final String host;
    private final int port;
    private final String path;
    private final Duration timeout;
    private final String password;
    private final boolean fromHeader;
    private volatile Endpoint endpoint;

    /**
     * @param baseUri  {@code http://host[:port][/prefix]}: the normal worker (port 11333 when absent); a
     *                 prefix is kept for a proxy in front of rspamd. HTTPS is not rspamd's (it has HTTPCrypt).
     * @param timeout  the whole exchange's budget
     * @param password sent as {@code Password}; the normal worker ignores it, a controller or proxy may want it
     * @throws IllegalArgumentException for a URI or budget that cannot work (a configuration error)
     */
    public RspamdClient(URI baseUri, Duration timeout, Optional<String> password) {
        this(baseUri, timeout, password, CheckRequest.FROM_HEADER_ALLOWED);
    }

    /** {@code fromHeader=false} sends the sender as Java 11 before 11.0.14 must: in the query string. */
    RspamdClient(URI baseUri, Duration timeout, Optional<String> password, boolean fromHeader) {
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
        this.password = password.map(CheckRequest::clean).filter(s -> !s.isEmpty()).orElse(null);
        this.fromHeader = fromHeader;
        this.endpoint = Endpoint.resolve(this);
    }

    /** The endpoint asked, for logs. */
    public URI checkUri() {
        return URI.create("http://" + literal(host) + ":" + port + path);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Scans one message; the future always completes normally, within about the budget. */
    public CompletableFuture<SpamVerdict> check(SpamRequest request) {
        Objects.requireNonNull(request, "request");
        Endpoint e = endpoint();
        if (e == null) {
            return CompletableFuture.completedFuture(SpamVerdict.unavailable("cannot resolve rspamd host " + host));
        }
        try {
            return e.transport.send(e.request.build(request), timeout)
                    .handle((reply, failure) -> {
                        if (failure == null) {
                            return RspamdReplyParser.parse(reply.status, reply.body);
                        }
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof RspamdTransport.Failure) {
                            return failed(((RspamdTransport.Failure) cause).status, cause.getMessage());
                        }
                        return SpamVerdict.error(String.valueOf(cause));
                    });
        } catch (RuntimeException ex) {
            return CompletableFuture.completedFuture(SpamVerdict.error("cannot send to rspamd: " + ex));
        }
    }

    /**
     * Host names are resolved once, here and not by HttpClient on the caller's thread for every connection;
     * one that did not resolve yet is tried again (system resolver) per call.
     */
    private Endpoint endpoint() {
        Endpoint e = endpoint;
        if (e == null) {
            e = Endpoint.resolve(this);
            endpoint = e;
        }
        return e;
    }

    private static String literal(String host) {
        return host.contains(":") ? "[" + host.replace("%", "%25") + "]" : host;
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

    /** A resolved rspamd: one shared HttpClient and the request template for its address. */
    private static final class Endpoint {
        final RspamdTransport transport;
        final CheckRequest request;

        private Endpoint(RspamdTransport transport, CheckRequest request) {
            this.transport = transport;
            this.request = request;
        }

        static Endpoint resolve(RspamdClient c) {
            InetSocketAddress address = new InetSocketAddress(c.host, c.port);
            if (address.isUnresolved()) {
                return null;
            }
            String authority = literal(address.getAddress().getHostAddress()) + ":" + c.port;
            URI uri = URI.create("http://" + authority + c.path);
            return new Endpoint(new RspamdTransport(authority, MAX_REPLY),
                    new CheckRequest(uri, c.timeout, c.password, c.fromHeader));
        }
    }
}
