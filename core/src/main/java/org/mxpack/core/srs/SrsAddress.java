package org.mxpack.core.srs;

import java.util.Objects;
import java.util.Optional;

/**
 * An SRS address taken apart, without checking its hash or age:
 * {@code SRS0=HHHH=TT=host=user@domain} or {@code SRS1=HHHH=host=user@domain}, where for SRS1
 * {@code host} is the first forwarder and {@code user} the rest of its SRS0 local part (starting with
 * that address's separator, e.g. {@code =HHHH=TT=orig.example=alice}). The character after
 * SRS0/SRS1 may be {@code =}, {@code +} or {@code -}; the fields after it are split at {@code =} only,
 * and the last field keeps any further {@code =} (libsrs2, Mail::SRS).
 */
public final class SrsAddress {
    /** Longer addresses are refused: SMTP allows 256 octets for a whole path. */
    public static final int MAX_LENGTH = 1000;

    private final String text;
    private final boolean srs1;
    private final String hash;
    private final String timestamp;
    private final String host;
    private final String user;
    private final String domain;

    private SrsAddress(String text, boolean srs1, String hash, String timestamp, String host, String user,
                       String domain) {
        this.text = text;
        this.srs1 = srs1;
        this.hash = hash;
        this.timestamp = timestamp;
        this.host = host;
        this.user = user;
        this.domain = domain;
    }

    /** True if a local part starts with SRS0 or SRS1 (any case) and a separator ({@code = + -}). */
    public static boolean isSrs(String localPart) {
        if (localPart == null || localPart.length() < 5 || !localPart.regionMatches(true, 0, "SRS", 0, 3)) {
            return false;
        }
        char n = localPart.charAt(3);
        char sep = localPart.charAt(4);
        return (n == '0' || n == '1') && (sep == '=' || sep == '+' || sep == '-');
    }

    /** True if the address is an SRS address at our SRS domain (case-insensitive, trailing dot ignored). */
    public static boolean isOurs(String address, String srsDomain) {
        if (address == null || srsDomain == null) {
            return false;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        String ours = bare(srsDomain.substring(srsDomain.lastIndexOf('@') + 1));
        return !ours.isEmpty() && bare(address.substring(at + 1)).equalsIgnoreCase(ours)
                && isSrs(address.substring(0, at));
    }

    private static String bare(String domain) {
        String d = domain.trim();
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** The address taken apart, or empty if it is not a well-formed SRS0/SRS1 address. */
    public static Optional<SrsAddress> parse(String address) {
        try {
            return Optional.of(parseOrFail(address));
        } catch (SrsFailure e) {
            return Optional.empty();
        }
    }

    /** As {@link #parse} but says why: {@link SrsError#NOT_SRS} or {@link SrsError#BAD_SYNTAX}. */
    static SrsAddress parseOrFail(String address) {
        if (address == null || address.isEmpty()) {
            throw new SrsFailure(SrsError.NOT_SRS, "the null sender is not an SRS address");
        }
        // The domain plays no part in reversal (libsrs2: "we don't really care about the host").
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at + 1);
        if (!isSrs(local)) {
            throw new SrsFailure(SrsError.NOT_SRS, "not an SRS address");
        }
        if (address.length() > MAX_LENGTH) {
            throw new SrsFailure(SrsError.BAD_SYNTAX, "SRS address longer than " + MAX_LENGTH + " characters");
        }
        if (hasControl(address)) {
            throw new SrsFailure(SrsError.BAD_SYNTAX, "control character in SRS address");
        }
        boolean srs1 = local.charAt(3) == '1';
        String tag = srs1 ? "SRS1" : "SRS0";
        String[] f = fields(local.substring(5), srs1 ? 3 : 4);
        String[] names = srs1 ? new String[] {"hash", "host", "user"}
                : new String[] {"hash", "timestamp", "host", "user"};
        for (int i = 0; i < names.length; i++) {
            if (f[i] == null || f[i].isEmpty()) {
                throw new SrsFailure(SrsError.BAD_SYNTAX, "no " + names[i] + " in " + tag + " address");
            }
        }
        if (srs1) {
            return new SrsAddress(address, true, f[0], "", f[1], f[2], domain);
        }
        if (SrsTimestamp.decode(f[1]) < 0) {
            throw new SrsFailure(SrsError.BAD_SYNTAX, "bad timestamp '" + f[1] + "' in SRS0 address");
        }
        return new SrsAddress(address, false, f[0], f[1], f[2], f[3], domain);
    }

    /** Splits at the first {@code n-1} '=' characters; missing fields are null. */
    static String[] fields(String s, int n) {
        String[] out = new String[n];
        int start = 0;
        for (int i = 0; i < n - 1; i++) {
            int eq = s.indexOf('=', start);
            if (eq < 0) {
                out[i] = s.substring(start);
                return out;
            }
            out[i] = s.substring(start, eq);
            start = eq + 1;
        }
        out[n - 1] = s.substring(start);
        return out;
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** True for SRS1 (a forwarder's SRS0 address rewritten again), false for SRS0. */
    public boolean isSrs1() {
        return srs1;
    }

    public String hash() {
        return hash;
    }

    /** The two-character day stamp of an SRS0 address; "" for SRS1 (it has none). */
    public String timestamp() {
        return timestamp;
    }

    /** SRS0: the original sender's domain. SRS1: the first forwarder's domain. */
    public String host() {
        return host;
    }

    /** SRS0: the original local part. SRS1: the first forwarder's SRS0 local part without "SRS0". */
    public String user() {
        return user;
    }

    /** The domain this SRS address is at (ours, if {@link #isOurs}); "" if it had none. */
    public String domain() {
        return domain;
    }

    /**
     * The address this one stands for, as reverse returns it once the hash is verified:
     * {@code user@host} for SRS0, {@code SRS0<user>@host} (the first forwarder's SRS0 address) for SRS1.
     */
    public String unwrapped() {
        return (srs1 ? "SRS0" + user : user) + "@" + host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrsAddress && ((SrsAddress) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** The address as parsed. */
    @Override
    public String toString() {
        return text;
    }
}
