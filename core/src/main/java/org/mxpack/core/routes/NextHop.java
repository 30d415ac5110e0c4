package org.mxpack.core.routes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Where mail for a relay domain goes: {@code host:port} and whether TLS is required on that hop. */
public final class NextHop {
    public static final int DEFAULT_PORT = 25;

    /** TLS on the hop: use it when offered ({@code optional}) or refuse to send without it ({@code required}). */
    public enum Tls { OPTIONAL, REQUIRED }

    private final String host;
    private final int port;
    private final Tls tls;

    private NextHop(String host, int port, Tls tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    public static NextHop of(String host, int port, Tls tls) {
        if (host == null || host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad next hop " + host + ":" + port);
        }
        return new NextHop(host.toLowerCase(Locale.ROOT), port, Objects.requireNonNull(tls, "tls"));
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; port defaults to 25. */
    public static NextHop parse(String spec, Tls tls) {
        String s = spec.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unclosed [ in next hop " + spec);
            }
            host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected :port after ] in next hop " + spec);
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("write an IPv6 next hop as [address]:port, not " + spec);
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException("not a host name or address: " + spec);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number in next hop " + spec, e);
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range in next hop " + spec);
            }
        }
        return of(host, p, tls);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Tls tls() {
        return tls;
    }

    /** {@code host:port} ({@code [v6]:port}), as James's RemoteDelivery gateway setting wants it. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", (long) port);
        m.put("tls", tls.name().toLowerCase(Locale.ROOT));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NextHop)) {
            return false;
        }
        NextHop n = (NextHop) o;
        return host.equals(n.host) && port == n.port && tls == n.tls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls);
    }

    @Override
    public String toString() {
        return hostPort() + (tls == Tls.REQUIRED ? " tls=required" : "");
    }
}
