package org.mxpack.core.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One DNS list to query: its zone, the return codes that mean "listed", a weight, and whether it is an
 * allow-list (DNSWL; negative weight). Immutable.
 *
 * <p>Spec syntax ({@link #parse(String)}): {@code ZONE[:CODES][;weight=N][;allow]} where CODES is a
 * comma-separated list of addresses, ranges {@code A-B} and CIDR blocks {@code A/len}, all inside
 * 127.0.0.0/8, e.g. {@code zen.example:127.0.0.2-127.0.0.11,127.0.0.20;weight=2} or
 * {@code list.dnswl.example;allow}. Default codes: 127.0.0.2-127.255.254.255, i.e. 127.0.0.0/8 without
 * 127.0.0.0/31 and the 127.255.255.0/24 error range (RFC 5782 §2.1 puts entries in 127/8; lists answer
 * 127.255.255.x for refused queries). Default weight 1, or -1 for an allow-list.
 */
public final class DnsblZone {
    static final long DEFAULT_LOW = ip("127.0.0.2");
    static final long DEFAULT_HIGH = ip("127.255.254.255");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private final String zone;
    private final List<long[]> codes;
    private final String codesText;
    private final int weight;
    private final boolean allowList;

    private DnsblZone(String zone, List<long[]> codes, String codesText, int weight, boolean allowList) {
        this.zone = zone;
        this.codes = List.copyOf(codes);
        this.codesText = codesText;
        this.weight = weight;
        this.allowList = allowList;
    }

    /** A blocklist with the default codes and weight 1. */
    public static DnsblZone of(String zone) {
        return parse(zone);
    }

    /**
     * Parses a spec (see the class comment).
     *
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static DnsblZone parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String[] parts = spec.trim().split(";");
        String head = parts[0].trim();
        String zonePart = head;
        String codesPart = null;
        int colon = head.indexOf(':');
        if (colon >= 0) {
            zonePart = head.substring(0, colon);
            codesPart = head.substring(colon + 1).trim();
        }
        String zone = zonePart.trim().toLowerCase(Locale.ROOT);
        if (zone.endsWith(".")) {
            zone = zone.substring(0, zone.length() - 1);
        }
        if (!validZone(zone)) {
            throw new IllegalArgumentException("bad DNSBL zone '" + zonePart.trim() + "' in '" + spec + "'");
        }
        Integer weight = null;
        boolean allow = false;
        for (int i = 1; i < parts.length; i++) {
            String opt = parts[i].trim().toLowerCase(Locale.ROOT);
            if (opt.equals("allow")) {
                allow = true;
            } else if (opt.startsWith("weight=")) {
                try {
                    weight = Integer.parseInt(opt.substring(7).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad weight '" + opt.substring(7) + "' in '" + spec + "'");
                }
            } else if (!opt.isEmpty()) {
                throw new IllegalArgumentException("unknown option '" + parts[i].trim() + "' in '" + spec
                        + "' (expected weight=N or allow)");
            }
        }
        int w = weight != null ? weight : (allow ? -1 : 1);
        if (allow && w >= 0) {
            throw new IllegalArgumentException("allow-list '" + zone + "' needs a negative weight, not " + w);
        }
        if (!allow && w <= 0) {
            throw new IllegalArgumentException("blocklist '" + zone + "' needs a positive weight, not " + w
                    + " (add ;allow for an allow-list)");
        }
        List<long[]> ranges = new ArrayList<>();
        String codesText;
        if (codesPart == null || codesPart.isEmpty()) {
            if (codesPart != null) {
                throw new IllegalArgumentException("empty return-code list after ':' in '" + spec + "'");
            }
            ranges.add(new long[] {DEFAULT_LOW, DEFAULT_HIGH});
            codesText = "127.0.0.2-127.255.254.255";
        } else {
            for (String item : codesPart.split(",")) {
                ranges.add(range(item.trim(), spec));
            }
            codesText = codesPart.replace(" ", "");
        }
        return new DnsblZone(zone, ranges, codesText, w, allow);
    }

    private static boolean validZone(String zone) {
        if (zone.isEmpty() || zone.length() > 200) {
            return false;
        }
        for (String l : zone.split("\\.", -1)) {
            if (!LABEL.matcher(l).matches()) {
                return false;
            }
        }
        return true;
    }

    private static long[] range(String item, String spec) {
        long lo;
        long hi;
        try {
            int dash = item.indexOf('-');
            int slash = item.indexOf('/');
            if (dash >= 0) {
                lo = ip(item.substring(0, dash).trim());
                hi = ip(item.substring(dash + 1).trim());
            } else if (slash >= 0) {
                int len = Integer.parseInt(item.substring(slash + 1).trim());
                if (len < 8 || len > 32) {
                    throw new IllegalArgumentException("prefix length " + len + " (must be 8..32)");
                }
                long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
                lo = ip(item.substring(0, slash).trim()) & mask;
                hi = lo | (~mask & 0xFFFFFFFFL);
            } else {
                lo = ip(item);
                hi = lo;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad return code '" + item + "' in '" + spec + "': " + e.getMessage());
        }
        if (lo > hi) {
            throw new IllegalArgumentException("empty range '" + item + "' in '" + spec + "'");
        }
        if ((lo >>> 24) != 127 || (hi >>> 24) != 127) {
            throw new IllegalArgumentException("return code '" + item + "' in '" + spec
                    + "' is outside 127.0.0.0/8 (RFC 5782 answers are loopback addresses)");
        }
        return new long[] {lo, hi};
    }

    /** Dotted quad to an unsigned 32-bit value; IllegalArgumentException when malformed. */
    static long ip(String dotted) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        long v = 0;
        for (String s : p) {
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            int octet = Integer.parseInt(s);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    /** True when {@code answer} is one of this zone's listing codes. */
    public boolean accepts(long answer) {
        for (long[] r : codes) {
            if (answer >= r[0] && answer <= r[1]) {
                return true;
            }
        }
        return false;
    }

    public String zone() {
        return zone;
    }

    /** The accepted codes as written (normalized), e.g. {@code 127.0.0.2-127.0.0.11,127.0.0.20}. */
    public String codes() {
        return codesText;
    }

    public int weight() {
        return weight;
    }

    public boolean allowList() {
        return allowList;
    }

    /** The spec that parses back to this zone. */
    public String spec() {
        return zone + ":" + codesText + ";weight=" + weight + (allowList ? ";allow" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsblZone && spec().equals(((DnsblZone) o).spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
