package org.mxpack.core.dnsbl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** A zone that could not be used for this address, and why. Never a listing. */
public final class DnsblError {
    /** What went wrong. */
    public enum Kind {
        /** The lookup failed temporarily (SERVFAIL, timeout): the zone's answer is unknown. */
        TEMPFAIL,
        /**
         * The list answered with an error code (127.255.255.0/24: query refused, e.g. through a public
         * resolver) or an address outside 127.0.0.0/8 (misconfigured or dead list): ignored, logged.
         */
        ERROR_ANSWER;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String zone;
    private final Kind kind;
    private final String detail;
    private final int weight;

    private DnsblError(String zone, Kind kind, String detail, int weight) {
        this.zone = Objects.requireNonNull(zone);
        this.kind = Objects.requireNonNull(kind);
        this.detail = detail == null ? "" : detail;
        this.weight = weight;
    }

    public static DnsblError of(String zone, Kind kind, String detail, int weight) {
        return new DnsblError(zone, kind, detail, weight);
    }

    public String zone() {
        return zone;
    }

    public Kind kind() {
        return kind;
    }

    /** The DNS detail or the offending answer(s). */
    public String detail() {
        return detail;
    }

    /** The zone's weight (what it could have contributed). */
    public int weight() {
        return weight;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", zone);
        m.put("kind", kind.keyword());
        m.put("detail", detail);
        m.put("weight", (long) weight);
        return m;
    }

    static DnsblError fromMap(Map<String, ?> m) {
        return new DnsblError(String.valueOf(m.get("zone")),
                Kind.valueOf(String.valueOf(m.get("kind")).toUpperCase(Locale.ROOT)), String.valueOf(m.get("detail")),
                ((Number) m.get("weight")).intValue());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsblError)) {
            return false;
        }
        DnsblError e = (DnsblError) o;
        return zone.equals(e.zone) && kind == e.kind && detail.equals(e.detail) && weight == e.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, kind, detail, weight);
    }

    @Override
    public String toString() {
        return zone + ": " + kind.keyword() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
