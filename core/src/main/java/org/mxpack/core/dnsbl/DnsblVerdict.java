package org.mxpack.core.dnsbl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The DNSBL outcome for one client address: result, score, the zones that listed it and the zones that
 * failed. Immutable.
 */
public final class DnsblVerdict {
    private final String ip;
    private final DnsblResult result;
    private final long score;
    private final long threshold;
    private final List<DnsblHit> hits;
    private final List<DnsblError> errors;

    private DnsblVerdict(String ip, DnsblResult result, long score, long threshold, List<DnsblHit> hits,
            List<DnsblError> errors) {
        this.ip = Objects.requireNonNull(ip);
        this.result = Objects.requireNonNull(result);
        this.score = score;
        this.threshold = threshold;
        this.hits = List.copyOf(hits);
        this.errors = List.copyOf(errors);
    }

    /**
     * Scores the hits: LISTED when the weights of the listing zones (allow-lists negative) reach the
     * threshold, whatever failed; otherwise TEMPERROR when the positive weights of the zones that failed
     * temporarily could have reached it; otherwise NOT_LISTED. Error answers never count.
     */
    public static DnsblVerdict of(String ip, long threshold, List<DnsblHit> hits, List<DnsblError> errors) {
        long score = 0;
        for (DnsblHit h : hits) {
            score += h.weight();
        }
        long couldAdd = 0;
        for (DnsblError e : errors) {
            if (e.kind() == DnsblError.Kind.TEMPFAIL && e.weight() > 0) {
                couldAdd += e.weight();
            }
        }
        DnsblResult result = score >= threshold ? DnsblResult.LISTED
                : score + couldAdd >= threshold ? DnsblResult.TEMPERROR : DnsblResult.NOT_LISTED;
        return new DnsblVerdict(ip, result, score, threshold, hits, errors);
    }

    /** The address checked, as text. */
    public String ip() {
        return ip;
    }

    public DnsblResult result() {
        return result;
    }

    public long score() {
        return score;
    }

    public long threshold() {
        return threshold;
    }

    /** Zones that listed the address, blocklists and allow-lists, in configuration order. */
    public List<DnsblHit> hits() {
        return hits;
    }

    /** Zones that failed (temporarily, or with an error answer), in configuration order. */
    public List<DnsblError> errors() {
        return errors;
    }

    /** True when an allow-list zone listed the address. */
    public boolean allowListed() {
        return hits.stream().anyMatch(DnsblHit::allowList);
    }

    /**
     * For logs and reply texts: {@code listed on zen.example (127.0.0.2: TXT reason)}; several zones are
     * joined with {@code ", "}.
     */
    public String reason() {
        List<String> block = hits.stream().filter(h -> !h.allowList()).map(DnsblHit::describe)
                .collect(Collectors.toList());
        List<String> allow = hits.stream().filter(DnsblHit::allowList).map(DnsblHit::describe)
                .collect(Collectors.toList());
        List<String> parts = new ArrayList<>();
        if (!block.isEmpty()) {
            parts.add("listed on " + String.join(", ", block));
        }
        if (!allow.isEmpty()) {
            parts.add("allow-listed on " + String.join(", ", allow));
        }
        List<String> failed = errors.stream().filter(e -> e.kind() == DnsblError.Kind.TEMPFAIL)
                .map(DnsblError::zone).collect(Collectors.toList());
        if (!failed.isEmpty()) {
            parts.add("lookup failed on " + String.join(", ", failed));
        }
        return parts.isEmpty() ? "not listed" : String.join("; ", parts);
    }

    /** JSON-friendly form for a mail attribute. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ip);
        m.put("result", result.keyword());
        m.put("score", score);
        m.put("threshold", threshold);
        m.put("hits", hits.stream().map(DnsblHit::toMap).collect(Collectors.toList()));
        m.put("errors", errors.stream().map(DnsblError::toMap).collect(Collectors.toList()));
        return m;
    }

    /** Inverse of {@link #toMap()}; IllegalArgumentException (or ClassCastException) on foreign maps. */
    @SuppressWarnings("unchecked")
    public static DnsblVerdict fromMap(Map<String, ?> m) {
        List<DnsblHit> hits = new ArrayList<>();
        for (Object h : (List<?>) m.get("hits")) {
            hits.add(DnsblHit.fromMap((Map<String, ?>) h));
        }
        List<DnsblError> errors = new ArrayList<>();
        for (Object e : (List<?>) m.get("errors")) {
            errors.add(DnsblError.fromMap((Map<String, ?>) e));
        }
        return new DnsblVerdict(String.valueOf(m.get("ip")), DnsblResult.fromKeyword(String.valueOf(m.get("result"))),
                ((Number) m.get("score")).longValue(), ((Number) m.get("threshold")).longValue(), hits, errors);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsblVerdict)) {
            return false;
        }
        DnsblVerdict v = (DnsblVerdict) o;
        return ip.equals(v.ip) && result == v.result && score == v.score && threshold == v.threshold
                && hits.equals(v.hits) && errors.equals(v.errors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, result, score, threshold, hits, errors);
    }

    @Override
    public String toString() {
        return "dnsbl " + ip + " " + result.keyword() + " score=" + score + "/" + threshold + ": " + reason();
    }
}
