package org.mxpack.core.lists;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * One rule of a host list, parsed from its text:
 * <ul>
 *   <li>{@code mail.example.com} — exactly that name;</li>
 *   <li>{@code .example.com} — example.com and every name under it;</li>
 *   <li>{@code *.example.com} — every name under example.com (not example.com itself);</li>
 *   <li>{@code 192.0.2.7}, {@code 2001:db8::1} — one address;</li>
 *   <li>{@code 192.0.2.0/24}, {@code 2001:db8::/32} — a CIDR block.</li>
 * </ul>
 */
public final class ListEntry {
    enum Kind { NAME, DOMAIN_AND_SUBDOMAINS, SUBDOMAINS, NETWORK }

    private final String text;
    private final String origin;
    private final Kind kind;
    private final String name;
    private final Cidr network;

    private ListEntry(String text, String origin, Kind kind, String name, Cidr network) {
        this.text = text;
        this.origin = origin;
        this.kind = kind;
        this.name = name;
        this.network = network;
    }

    /**
     * @param origin where the rule came from, e.g. {@code conf/mxpack/helo-blocklist.txt:12}, for
     *               error messages and the reason given to clients in logs
     */
    public static ListEntry parse(String text, String origin) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IllegalArgumentException(origin + ": empty list entry");
        }
        if (Cidr.looksLikeAddress(t)) {
            return new ListEntry(t, origin, Kind.NETWORK, null, Cidr.parse(t, origin));
        }
        if (t.startsWith("*.")) {
            return new ListEntry(t, origin, Kind.SUBDOMAINS, checkName(t.substring(2), text, origin), null);
        }
        if (t.startsWith(".")) {
            return new ListEntry(t, origin, Kind.DOMAIN_AND_SUBDOMAINS, checkName(t.substring(1), text, origin), null);
        }
        return new ListEntry(t, origin, Kind.NAME, checkName(t, text, origin), null);
    }

    private static String checkName(String name, String text, String origin) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253 || !n.matches("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*")) {
            throw new IllegalArgumentException(origin + ": '" + text + "' is neither a host name, a .domain, "
                    + "a *.domain, an IP address nor a CIDR block");
        }
        return n;
    }

    boolean matchesName(String host) {
        switch (kind) {
            case NAME:
                return host.equals(name);
            case DOMAIN_AND_SUBDOMAINS:
                return host.equals(name) || host.endsWith("." + name);
            case SUBDOMAINS:
                return host.endsWith("." + name);
            default:
                return false;
        }
    }

    boolean matchesAddress(InetAddress address) {
        return kind == Kind.NETWORK && network.contains(address);
    }

    boolean isNetwork() {
        return kind == Kind.NETWORK;
    }

    /** The rule as written (lower case). */
    public String text() {
        return text;
    }

    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListEntry && ((ListEntry) o).text.equals(text) && ((ListEntry) o).origin.equals(origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, origin);
    }

    @Override
    public String toString() {
        return text + " (" + origin + ")";
    }
}
