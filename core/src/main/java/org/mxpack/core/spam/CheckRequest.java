package org.mxpack.core.spam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mxpack.core.message.MessageSource;

/**
 * rspamd's {@code POST /checkv2} for one message: the envelope in rspamd's request headers, the raw message
 * as a fixed-length body.
 *
 * <p>A value {@link java.net.http.HttpClient} cannot carry as a header goes in the query string instead:
 * rspamd copies every query argument into a request header of the same name before reading them
 * (src/libserver/protocol.c, {@code rspamd_protocol_handle_url}, in 3.4 and later alike). That covers
 * <ul>
 *   <li>non-ASCII values (SMTPUTF8 addresses, a UTF-8 HELO): HttpClient writes headers as US-ASCII, so they
 *       would arrive as {@code ?}; in the query they are percent-encoded UTF-8, which rspamd decodes;</li>
 *   <li>{@code From} on Java 11.0.0 to 11.0.13, which refuse a header of that name (JDK-8213189 lifted the
 *       restriction in 12 and 11.0.14).</li>
 * </ul>
 * Recipients that go in the query are joined by commas into one {@code Rcpt}, a list rspamd splits.
 */
final class CheckRequest {
    /** Whether this JVM's HttpClient lets a request set {@code From}. */
    static final boolean FROM_HEADER_ALLOWED = headerAllowed("From");

    private final URI endpoint;
    private final Duration timeout;
    private final String password;
    private final boolean fromHeader;

    /**
     * @param endpoint   {@code http://address:port/.../checkv2}
     * @param password   the {@code Password} header, null for none
     * @param fromHeader send the sender as a {@code From} header (else always in the query)
     */
    CheckRequest(URI endpoint, Duration timeout, String password, boolean fromHeader) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.password = password;
        this.fromHeader = fromHeader;
    }

    HttpRequest build(SpamRequest r) {
        Fields f = new Fields();
        r.ip().ifPresent(v -> f.add("IP", v));
        r.helo().ifPresent(v -> f.add("Helo", v));
        r.hostname().ifPresent(v -> f.add("Hostname", v));
        r.mailFrom().ifPresent(v -> f.add("From", "<" + v + ">"));
        for (String rcpt : r.recipients()) {
            f.add("Rcpt", rcpt.startsWith("<") ? rcpt : "<" + rcpt + ">");
        }
        r.queueId().ifPresent(v -> f.add("Queue-Id", v));
        r.user().ifPresent(v -> f.add("User", v));
        r.settingsId().ifPresent(v -> f.add("Settings-ID", v));
        if (r.passAll()) {
            f.add("Pass", "all");
        }
        if (password != null) {
            f.add("Password", password);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri())
                .timeout(timeout)
                // streamed from where the message lies, chunk by chunk (chunked transfer encoding: its exact
                // length is not always known in advance); the whole message is never copied into memory
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> open(r.message())));
        f.headers.forEach(h -> b.header(h[0], h[1]));
        return b.build();
    }

    /** The request's headers and query arguments, in order. */
    private final class Fields {
        final List<String[]> headers = new ArrayList<>();
        final Map<String, List<String>> query = new LinkedHashMap<>();

        void add(String name, String value) {
            String v = clean(value);
            if (isAscii(v) && (fromHeader || !name.equals("From"))) {
                headers.add(new String[] {name, v});
            } else {
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
            }
        }

        URI uri() {
            if (query.isEmpty()) {
                return endpoint;
            }
            StringBuilder sb = new StringBuilder(endpoint.toString()).append('?');
            query.forEach((name, values) -> {
                if (sb.charAt(sb.length() - 1) != '?') {
                    sb.append('&');
                }
                sb.append(percentEncode(name)).append('=').append(percentEncode(String.join(",", values)));
            });
            return URI.create(sb.toString());
        }
    }

    /** No CR, LF or other control character may reach the request: they would forge headers. */
    static String clean(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }

    private static boolean isAscii(String v) {
        return v.chars().allMatch(c -> c < 0x7f);
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes; only unreserved characters stay as they are. */
    static String percentEncode(String v) {
        StringBuilder sb = new StringBuilder(v.length() * 3);
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean headerAllowed(String name) {
        try {
            HttpRequest.newBuilder().header(name, "<>");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InputStream open(MessageSource message) {
        try {
            return message.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message: " + e.getMessage(), e); // fails the exchange: ERROR
        }
    }
}
