package org.mxpack.core.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address as SPF sees it: 4 bytes for IPv4 (an IPv4-mapped IPv6 client counts as IPv4, RFC 7208 §5),
 * 16 bytes for IPv6. Parses literals without ever touching DNS.
 */
final class Ip {
    private static final Pattern IP4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IP6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] bytes;
    /** IPv6 only: the 32 hex digits as the literal was written (letter case kept), or null. */
    private final String writtenNibbles;

    private Ip(byte[] bytes) {
        this(bytes, null);
    }

    private Ip(byte[] bytes, String writtenNibbles) {
        this.bytes = bytes;
        this.writtenNibbles = writtenNibbles;
    }

    static Ip of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && Arrays.equals(Arrays.copyOf(b, 12), MAPPED_PREFIX)) {
            return new Ip(Arrays.copyOfRange(b, 12, 16));
        }
        return new Ip(b, b.length == 16 ? nibblesAsWritten(literalGiven(address), b) : null);
    }

    /**
     * The literal {@link SpfChecker#parseAddress} was given, kept in the address's host-name slot (never
     * looked up): {@code toString()} is {@code "host/address"}, with an empty host for addresses from a socket.
     */
    private static String literalGiven(InetAddress address) {
        String s = address.toString();
        int slash = s.indexOf('/');
        return slash <= 0 ? null : s.substring(0, slash);
    }

    /** The 32 hex digits of an IPv6 literal in the case written, when they spell {@code bytes}; else null. */
    static String nibblesAsWritten(String literal, byte[] bytes) {
        if (literal == null || literal.indexOf(':') < 0 || literal.indexOf('.') >= 0) {
            return null; // not given, or an embedded IPv4 tail: no letters to keep
        }
        int gap = literal.indexOf("::");
        String[] head = groups(gap < 0 ? literal : literal.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(literal.substring(gap + 2));
        if (head == null || tail == null || head.length + tail.length > 8 || (gap < 0 && head.length != 8)) {
            return null;
        }
        StringBuilder out = new StringBuilder(32);
        for (String g : head) {
            out.append("0000", g.length(), 4).append(g);
        }
        for (int i = head.length + tail.length; i < 8; i++) {
            out.append("0000");
        }
        for (String g : tail) {
            out.append("0000", g.length(), 4).append(g);
        }
        StringBuilder lower = new StringBuilder(32);
        for (byte x : bytes) {
            lower.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return out.toString().toLowerCase(Locale.ROOT).equals(lower.toString()) ? out.toString() : null;
    }

    private static String[] groups(String part) {
        if (part.isEmpty()) {
            return new String[0];
        }
        String[] g = part.split(":", -1);
        for (String x : g) {
            if (x.isEmpty() || x.length() > 4) {
                return null;
            }
        }
        return g;
    }

    /** A dotted quad (strict: no leading zeros), or null. */
    static Ip parse4(String text) {
        if (!IP4.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return new Ip(b);
    }

    /** An IPv6 literal (always 16 bytes, even in the {@code ::ffff:a.b.c.d} form), or null. */
    static Ip parse6(String text) {
        if (text.indexOf(':') < 0 || !IP6_CHARS.matcher(text).matches()) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text); // a literal with ':' is never looked up
            byte[] b = a.getAddress();
            if (a instanceof Inet4Address) {
                byte[] mapped = Arrays.copyOf(MAPPED_PREFIX, 16);
                System.arraycopy(b, 0, mapped, 12, 4);
                b = mapped;
            }
            return new Ip(b);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /** Parses either family; for addresses coming back from DNS A/AAAA answers. */
    static Ip parseAny(String text) {
        Ip ip = parse4(text);
        return ip != null ? ip : parse6(text);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    boolean isV4() {
        return bytes.length == 4;
    }

    /** True when the first {@code prefix} bits equal those of {@code other} (same family only). */
    boolean inNetwork(Ip network, int prefix) {
        if (network.bytes.length != bytes.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network.bytes[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network.bytes[full] & mask);
    }

    /** {@code %{i}}: dotted quad, or 32 dot-separated lower-case nibbles for IPv6 (RFC 7208 §7.3). */
    String macroForm() {
        if (isV4()) {
            return text();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            if (i > 0) {
                sb.append('.');
            }
            byte b = bytes[i / 2];
            sb.append(writtenNibbles != null ? writtenNibbles.charAt(i)
                    : Character.forDigit(i % 2 == 0 ? (b >> 4) & 0xf : b & 0xf, 16));
        }
        return sb.toString();
    }

    /** The reverse-lookup name: {@code 4.3.2.1.in-addr.arpa} or the nibbles under {@code ip6.arpa}. */
    String reverseName() {
        String[] parts = macroForm().split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.append(isV4() ? "in-addr.arpa" : "ip6.arpa").toString();
    }

    /** Conventional text: dotted quad, or the compressed lower-case IPv6 form (for {@code %{c}} and headers). */
    String text() {
        if (isV4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return compress6(bytes);
    }

    private static String compress6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: only compress runs of two or more zero groups
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip && Arrays.equals(bytes, ((Ip) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
