package org.mxpack.core.dmarc;

import java.util.Locale;
import java.util.regex.Pattern;

/** Small helpers for the domain names DMARC compares. */
public final class DomainNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private DomainNames() {
    }

    /** Lower case, trimmed, without a trailing dot. */
    public static String normalize(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** A usable DNS name in A-label form: at least two labels, LDH/underscore labels of 1..63, at most 253. */
    public static boolean isValid(String normalized) {
        if (normalized.isEmpty() || normalized.length() > 253) {
            return false;
        }
        String[] labels = normalized.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The domain of an RFC 5322 address ({@code "Name" <user@example.com>}, {@code user@example.com})
     * or a bare domain, normalized; the input unchanged (normalized) when it has no {@code @}.
     */
    public static String fromAddress(String address) {
        String a = address.trim();
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            a = a.substring(lt + 1, gt);
        }
        int at = a.lastIndexOf('@');
        return normalize(at >= 0 ? a.substring(at + 1) : a);
    }
}
