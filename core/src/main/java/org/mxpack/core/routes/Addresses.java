package org.mxpack.core.routes;

import java.util.Locale;
import java.util.Optional;

/** Small helpers on envelope addresses: angle brackets, the domain part. */
public final class Addresses {
    private Addresses() {
    }

    /** The address without surrounding angle brackets and blanks. */
    public static String strip(String address) {
        String a = address == null ? "" : address.trim();
        if (a.length() >= 2 && a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        return a;
    }

    /** The domain after the last {@code @}, lower case, no trailing dot; empty when there is none. */
    public static Optional<String> domain(String address) {
        String a = strip(address);
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            return Optional.empty();
        }
        String d = a.substring(at + 1).toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.isEmpty() ? Optional.empty() : Optional.of(d);
    }
}
