package org.mxpack.core.iprev;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.DnsStatus;
import org.mxpack.core.dns.RecordType;
import org.mxpack.core.dnsbl.ReverseName;

/**
 * iprev (RFC 8601 §3): PTR lookup of the client address, then A (IPv4) or AAAA (IPv6) lookups of each
 * PTR name, in parallel and bounded to {@value #MAX_NAMES} names; PASS when one returns the address.
 *
 * <p>Results per RFC 8601 §2.7.3: no PTR data (NXDOMAIN or NODATA) is {@code permerror}; PTR names
 * whose forward lookups give other addresses or nothing is {@code fail}; a temporary failure of the PTR
 * lookup, or of a forward lookup when no other name confirmed, is {@code temperror}.
 */
public final class IprevChecker {
    /** The same bound as SPF's ptr mechanism (RFC 7208 §4.6.4): a hostile PTR set cannot fan out. */
    public static final int MAX_NAMES = 10;

    private final Dns dns;

    public IprevChecker(Dns dns) {
        this.dns = Objects.requireNonNull(dns);
    }

    /** The same checker over another DNS view (a session's). */
    public IprevChecker withDns(Dns value) {
        return new IprevChecker(value);
    }

    /** Never completes exceptionally. */
    public CompletableFuture<IprevVerdict> check(InetAddress ip) {
        String text = ip.getHostAddress();
        return dns.lookup(ReverseName.ptrName(ip), RecordType.PTR).thenCompose(ptr -> {
            if (ptr.isTempFail()) {
                return done(IprevVerdict.of(text, IprevResult.TEMPERROR, List.of(),
                        "PTR lookup failed: " + ptr.detail()));
            }
            if (ptr.isEmpty()) {
                return done(IprevVerdict.of(text, IprevResult.PERMERROR, List.of(),
                        ptr.status() == DnsStatus.NXDOMAIN ? "no PTR record (NXDOMAIN)" : "no PTR record"));
            }
            Set<String> unique = new LinkedHashSet<>();
            for (String n : ptr.records()) {
                if (unique.size() < MAX_NAMES && !n.equals(".")) {
                    unique.add(n);
                }
            }
            List<String> names = List.copyOf(unique);
            if (names.isEmpty()) {
                return done(IprevVerdict.of(text, IprevResult.FAIL, names, "PTR names the root"));
            }
            RecordType type = ip instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
            List<CompletableFuture<DnsAnswer>> forward = new ArrayList<>();
            for (String n : names) {
                forward.add(dns.lookup(n, type));
            }
            return CompletableFuture.allOf(forward.toArray(new CompletableFuture<?>[0]))
                    .thenApply(all -> decide(ip, text, names, forward));
        }).exceptionally(e -> IprevVerdict.of(text, IprevResult.TEMPERROR, List.of(), "internal error: " + e));
    }

    /** Blocking convenience. */
    public IprevVerdict checkNow(InetAddress ip) {
        return check(ip).join();
    }

    private static IprevVerdict decide(InetAddress ip, String text, List<String> names,
            List<CompletableFuture<DnsAnswer>> forward) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            DnsAnswer a = forward.get(i).join();
            if (a.isTempFail()) {
                failed.add(names.get(i));
                continue;
            }
            for (String addr : a.records()) {
                if (sameAddress(ip, addr)) {
                    return IprevVerdict.pass(text, names.get(i), names);
                }
            }
        }
        if (!failed.isEmpty()) {
            return IprevVerdict.of(text, IprevResult.TEMPERROR, names,
                    "forward lookup failed for " + String.join(", ", failed));
        }
        return IprevVerdict.of(text, IprevResult.FAIL, names,
                "no PTR name maps back to " + text + ": " + String.join(", ", names));
    }

    /**
     * Compares as addresses, so {@code 2001:db8::1} equals {@code 2001:db8:0:0:0:0:0:1}. Never resolves:
     * IPv4 answers are compared as canonical dotted quads, IPv6 literals (with ':') parse without DNS.
     */
    private static boolean sameAddress(InetAddress ip, String literal) {
        if (ip instanceof Inet4Address || literal.indexOf(':') < 0) {
            return ip.getHostAddress().equals(literal);
        }
        try {
            return InetAddress.getByName(literal).equals(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static CompletableFuture<IprevVerdict> done(IprevVerdict v) {
        return CompletableFuture.completedFuture(v);
    }
}
