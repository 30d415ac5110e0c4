package org.mxpack.core.helo;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.mxpack.core.lists.Cidr;

/**
 * Judges a HELO/EHLO argument without DNS. Only syntax violations and clear forgery are findings;
 * a name that does not resolve to the client is evidence, not a reason to refuse (RFC 5321 §4.1.4),
 * and is checked elsewhere with DNS.
 */
public final class HeloName {
    // Letters, digits, hyphens; underscores are tolerated because many real (Windows) hosts use them.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");

    private HeloName() {
    }

    /**
     * @param helo         the argument as the client sent it
     * @param client       the connecting address
     * @param ourName      our host name (lower case)
     * @param ourAddresses the addresses we listen on
     */
    public static Optional<HeloProblem> judge(String helo, InetAddress client, String ourName,
            Collection<InetAddress> ourAddresses) {
        String h = helo == null ? "" : helo.trim();
        if (h.isEmpty() || h.length() > 255) {
            return Optional.of(HeloProblem.SYNTAX);
        }
        if (h.startsWith("[")) {
            InetAddress literal = literal(h);
            if (literal == null) {
                return Optional.of(HeloProblem.SYNTAX);
            }
            if (ourAddresses.contains(literal) && !literal.equals(client)) {
                return Optional.of(HeloProblem.OUR_NAME);
            }
            return literal.equals(client) || sameV4(literal, client) ? Optional.empty()
                    : Optional.of(HeloProblem.LITERAL_MISMATCH);
        }
        if (Cidr.literal(h) != null) {
            return Optional.of(HeloProblem.BARE_IP);
        }
        String name = h.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!isDomain(name)) {
            return Optional.of(HeloProblem.SYNTAX);
        }
        if (name.equals(ourName)) {
            return Optional.of(HeloProblem.OUR_NAME);
        }
        return Optional.empty();
    }

    /** RFC 5321 Domain: dot-separated labels of letters, digits and inner hyphens. */
    public static boolean isDomain(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The address in {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}, or null. */
    public static InetAddress literal(String helo) {
        String h = helo.trim();
        if (!h.startsWith("[") || !h.endsWith("]")) {
            return null;
        }
        String inner = h.substring(1, h.length() - 1);
        boolean v6 = inner.regionMatches(true, 0, "IPv6:", 0, 5);
        if (v6) {
            inner = inner.substring(5);
            if (!inner.contains(":")) {
                return null;
            }
        } else if (inner.contains(":")) {
            return null; // RFC 5321: an IPv6 literal needs the "IPv6:" tag
        }
        byte[] bytes = Cidr.literal(inner);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static boolean sameV4(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length == y.length) {
            return java.util.Arrays.equals(x, y);
        }
        byte[] v4 = x.length == 4 ? x : y;
        byte[] v6 = x.length == 16 ? x : y;
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff
                && java.util.Arrays.equals(java.util.Arrays.copyOfRange(v6, 12, 16), v4);
    }
}
