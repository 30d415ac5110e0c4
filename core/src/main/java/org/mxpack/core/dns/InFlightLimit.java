package org.mxpack.core.dns;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most N things in flight per key (a registered domain, a client address). A key with nothing in
 * flight holds no memory, so an attacker who varies the key gains nothing but its own N.
 */
public final class InFlightLimit {
    private final int max;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    /** @param max per key; 0 or less means no limit */
    public InFlightLimit(int max) {
        this.max = max;
    }

    /** Takes one slot for {@code key}; false (and nothing taken) when the key has {@code max} already. */
    public boolean tryAcquire(String key) {
        if (max <= 0) {
            return true;
        }
        boolean[] taken = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    public void release(String key) {
        if (max <= 0) {
            return;
        }
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Slots taken now for {@code key} (tests and metrics). */
    public int inFlight(String key) {
        return counts.getOrDefault(key, 0);
    }

    /**
     * The key a slow zone is counted under: the last two labels of the name ({@code a.b.slow.example} →
     * {@code slow.example}), or the /24-equivalent of a reverse name. A cheap approximation of the
     * registered domain: a public suffix of two labels (co.uk) only makes the bucket wider, never lets a
     * zone escape it.
     */
    static String registeredDomain(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".in-addr.arpa") || n.endsWith(".ip6.arpa")) {
            return lastLabels(n, n.endsWith(".in-addr.arpa") ? 5 : 14);
        }
        return lastLabels(n, 2);
    }

    private static String lastLabels(String name, int count) {
        int end = name.length();
        int at = end;
        for (int i = 0; i < count; i++) {
            at = name.lastIndexOf('.', at - 1);
            if (at < 0) {
                return name;
            }
        }
        return name.substring(at + 1);
    }
}
