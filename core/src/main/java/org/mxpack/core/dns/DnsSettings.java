package org.mxpack.core.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** How the resolver talks to DNS: servers, timeout, retries, cache and in-flight bounds. Immutable. */
public final class DnsSettings {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_RETRIES = 1;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);
    /**
     * How long a negative answer without an SOA is kept: 5 s, Unbound's rule for answers without any
     * record. RFC 2308 §5 advises against caching them because two caching servers could pass such an
     * answer back and forth forever; mxpack is a stub that never serves its cache to anyone, so that
     * loop cannot form, and 5 s spares a burst of messages the same query.
     */
    public static final Duration DEFAULT_NEGATIVE_TTL_WITHOUT_SOA = Duration.ofSeconds(5);
    /** Heap the cached answers may use (bytes). */
    public static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;
    /** Queries in flight for names under one registered domain; more get TEMPFAIL at once. */
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_DOMAIN = 256;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int retries;
    private final Duration maxTtl;
    private final Duration negativeTtlWithoutSoa;
    private final long cacheBytes;
    private final int maxInFlightPerDomain;

    private DnsSettings(List<InetSocketAddress> servers, Duration timeout, int retries, Duration maxTtl,
            Duration negativeTtlWithoutSoa, long cacheBytes, int maxInFlightPerDomain) {
        this.servers = List.copyOf(servers);
        this.timeout = Objects.requireNonNull(timeout);
        this.retries = retries;
        this.maxTtl = Objects.requireNonNull(maxTtl);
        this.negativeTtlWithoutSoa = Objects.requireNonNull(negativeTtlWithoutSoa);
        this.cacheBytes = cacheBytes;
        this.maxInFlightPerDomain = maxInFlightPerDomain;
    }

    /** Empty {@code servers} means the system's resolvers (resolv.conf). */
    public static DnsSettings of(List<InetSocketAddress> servers) {
        return new DnsSettings(servers, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_MAX_TTL,
                DEFAULT_NEGATIVE_TTL_WITHOUT_SOA, DEFAULT_CACHE_BYTES, DEFAULT_MAX_IN_FLIGHT_PER_DOMAIN);
    }

    public static DnsSettings system() {
        return of(Collections.emptyList());
    }

    /** Parses {@code host:port}, {@code host}, {@code [v6]:port} or a bare IPv6 address (port 53). */
    public static InetSocketAddress parseServer(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty DNS server");
        }
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("bad DNS server '" + text + "': missing ]");
            }
            host = s.substring(1, end);
            if (end + 1 < s.length()) {
                if (s.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("bad DNS server '" + text + "'");
                }
                port = parsePort(text, s.substring(end + 2));
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = parsePort(text, s.substring(s.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }

    private static int parsePort(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in DNS server '" + text + "'");
        }
    }

    public static List<InetSocketAddress> parseServers(List<String> texts) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String t : texts) {
            out.add(parseServer(t));
        }
        return out;
    }

    public DnsSettings withTimeout(Duration value) {
        return new DnsSettings(servers, value, retries, maxTtl, negativeTtlWithoutSoa, cacheBytes, maxInFlightPerDomain);
    }

    public DnsSettings withRetries(int value) {
        return new DnsSettings(servers, timeout, value, maxTtl, negativeTtlWithoutSoa, cacheBytes, maxInFlightPerDomain);
    }

    public DnsSettings withMaxTtl(Duration value) {
        return new DnsSettings(servers, timeout, retries, value, negativeTtlWithoutSoa, cacheBytes, maxInFlightPerDomain);
    }

    /** How long NXDOMAIN or NODATA without an SOA is cached (capped by the maximum TTL); zero: never. */
    public DnsSettings withNegativeTtlWithoutSoa(Duration value) {
        return new DnsSettings(servers, timeout, retries, maxTtl, value, cacheBytes, maxInFlightPerDomain);
    }

    /** Heap for cached answers in bytes; 0 disables the cache. */
    public DnsSettings withCacheBytes(long value) {
        return new DnsSettings(servers, timeout, retries, maxTtl, negativeTtlWithoutSoa, value, maxInFlightPerDomain);
    }

    public DnsSettings withMaxInFlightPerDomain(int value) {
        return new DnsSettings(servers, timeout, retries, maxTtl, negativeTtlWithoutSoa, cacheBytes, value);
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }

    public int retries() {
        return retries;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    public Duration negativeTtlWithoutSoa() {
        return negativeTtlWithoutSoa;
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    public int maxInFlightPerDomain() {
        return maxInFlightPerDomain;
    }
}
