package org.mxpack.core.dnsbl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One zone that listed the address: its accepted return codes, the TXT reason if fetched, its weight. */
public final class DnsblHit {
    private final String zone;
    private final List<String> codes;
    private final String txt;
    private final int weight;
    private final boolean allowList;

    private DnsblHit(String zone, List<String> codes, String txt, int weight, boolean allowList) {
        this.zone = Objects.requireNonNull(zone);
        this.codes = List.copyOf(codes);
        this.txt = txt == null ? "" : txt;
        this.weight = weight;
        this.allowList = allowList;
    }

    public static DnsblHit of(String zone, List<String> codes, String txt, int weight, boolean allowList) {
        return new DnsblHit(zone, codes, txt, weight, allowList);
    }

    public String zone() {
        return zone;
    }

    /** The accepted A answers, e.g. {@code [127.0.0.2]}. */
    public List<String> codes() {
        return codes;
    }

    /** The TXT reason, or empty. */
    public String txt() {
        return txt;
    }

    public int weight() {
        return weight;
    }

    public boolean allowList() {
        return allowList;
    }

    /** {@code zen.example (127.0.0.2: TXT reason)}. */
    public String describe() {
        return zone + " (" + String.join(",", codes) + (txt.isEmpty() ? "" : ": " + txt) + ")";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", zone);
        m.put("codes", codes);
        m.put("txt", txt);
        m.put("weight", (long) weight);
        m.put("allow", allowList);
        return m;
    }

    @SuppressWarnings("unchecked")
    static DnsblHit fromMap(Map<String, ?> m) {
        return new DnsblHit(String.valueOf(m.get("zone")), (List<String>) m.get("codes"),
                String.valueOf(m.get("txt")), ((Number) m.get("weight")).intValue(),
                Boolean.TRUE.equals(m.get("allow")));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsblHit)) {
            return false;
        }
        DnsblHit h = (DnsblHit) o;
        return zone.equals(h.zone) && codes.equals(h.codes) && txt.equals(h.txt) && weight == h.weight
                && allowList == h.allowList;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, codes, txt, weight, allowList);
    }

    @Override
    public String toString() {
        return describe();
    }
}
