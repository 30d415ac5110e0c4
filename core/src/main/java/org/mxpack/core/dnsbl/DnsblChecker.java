package org.mxpack.core.dnsbl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;

/**
 * Queries every configured DNS list for an address in parallel (RFC 5782) and scores the answers.
 * Only the zone's accepted return codes are listings; 127.255.255.0/24 and answers outside 127/8 are
 * recorded as errors, never as listings. When a zone lists, its TXT record at the same name is fetched
 * as the reason (optional; a failed TXT lookup just leaves the reason empty).
 */
public final class DnsblChecker {
    private static final long ERROR_NET = DnsblZone.ip("127.255.255.0");
    private static final int MAX_TXT = 512;

    private final Dns dns;
    private final List<DnsblZone> zones;
    private final int threshold;
    private final boolean fetchTxt;

    public DnsblChecker(Dns dns, List<DnsblZone> zones, int threshold) {
        this(dns, zones, threshold, true);
    }

    public DnsblChecker(Dns dns, List<DnsblZone> zones, int threshold, boolean fetchTxt) {
        this.dns = Objects.requireNonNull(dns);
        this.zones = List.copyOf(zones);
        if (threshold < 1) {
            throw new IllegalArgumentException("DNSBL threshold must be at least 1, not " + threshold);
        }
        this.threshold = threshold;
        this.fetchTxt = fetchTxt;
    }

    /** The same checker over another DNS view (a session's). */
    public DnsblChecker withDns(Dns value) {
        return new DnsblChecker(value, zones, threshold, fetchTxt);
    }

    /** Never completes exceptionally. */
    public CompletableFuture<DnsblVerdict> check(InetAddress ip) {
        String reversed = ReverseName.of(ip);
        List<CompletableFuture<Outcome>> pending = new ArrayList<>();
        for (DnsblZone z : zones) {
            pending.add(query(z, reversed + "." + z.zone()));
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<DnsblHit> hits = new ArrayList<>();
            List<DnsblError> errors = new ArrayList<>();
            for (CompletableFuture<Outcome> f : pending) {
                Outcome o = f.join();
                if (o.hit != null) {
                    hits.add(o.hit);
                }
                if (o.error != null) {
                    errors.add(o.error);
                }
            }
            return DnsblVerdict.of(ip.getHostAddress(), threshold, hits, errors);
        });
    }

    /** Blocking convenience. */
    public DnsblVerdict checkNow(InetAddress ip) {
        return check(ip).join();
    }

    public List<DnsblZone> zones() {
        return zones;
    }

    private CompletableFuture<Outcome> query(DnsblZone zone, String name) {
        return dns.lookup(name, RecordType.A).thenCompose(answer -> {
            if (answer.isTempFail()) {
                return done(null, DnsblError.of(zone.zone(), DnsblError.Kind.TEMPFAIL, answer.detail(),
                        zone.weight()));
            }
            List<String> accepted = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (String a : answer.records()) {
                long v;
                try {
                    v = DnsblZone.ip(a);
                } catch (IllegalArgumentException e) {
                    bad.add(a);
                    continue;
                }
                if ((v >>> 24) != 127 || (v & 0xFFFFFF00L) == ERROR_NET) {
                    bad.add(a);
                } else if (zone.accepts(v)) {
                    accepted.add(a);
                }
                // other 127/8 codes: not one this zone is configured to act on
            }
            DnsblError error = bad.isEmpty() ? null
                    : DnsblError.of(zone.zone(), DnsblError.Kind.ERROR_ANSWER, String.join(",", bad), zone.weight());
            if (accepted.isEmpty()) {
                return done(null, error);
            }
            if (!fetchTxt) {
                return done(DnsblHit.of(zone.zone(), accepted, "", zone.weight(), zone.allowList()), error);
            }
            return dns.lookup(name, RecordType.TXT).thenApply(txt -> new Outcome(
                    DnsblHit.of(zone.zone(), accepted, reason(txt), zone.weight(), zone.allowList()), error));
        }).exceptionally(e -> new Outcome(null,
                DnsblError.of(zone.zone(), DnsblError.Kind.TEMPFAIL, "internal error: " + e, zone.weight())));
    }

    /** First TXT string, bounded and stripped of control characters (it ends up in replies and logs). */
    private static String reason(DnsAnswer txt) {
        if (txt.records().isEmpty()) {
            return "";
        }
        String s = txt.records().get(0).replaceAll("[\\p{Cntrl}]", " ").trim();
        return s.length() > MAX_TXT ? s.substring(0, MAX_TXT) : s;
    }

    private static CompletableFuture<Outcome> done(DnsblHit hit, DnsblError error) {
        return CompletableFuture.completedFuture(new Outcome(hit, error));
    }

    private static final class Outcome {
        final DnsblHit hit;
        final DnsblError error;

        Outcome(DnsblHit hit, DnsblError error) {
            this.hit = hit;
            this.error = error;
        }
    }
}
