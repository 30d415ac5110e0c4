package org.mxpack.core.dkim;

import java.util.List;
import java.util.Locale;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Which DKIM keys recent mail from each envelope sender domain was signed with. A sending domain
 * keeps its selectors for months, so at MAIL FROM the keys its next message will most likely need
 * can be looked up at once, a whole DNS round trip before the header section arrives. A wrong guess
 * costs one unused lookup; verification itself always uses the signatures the message carries.
 * Bounded (least recently used domains go first); memory only, per server.
 */
public final class SelectorMemory {
    public static final int MAX_DOMAINS = 10_000;
    private static final int MAX_KEYS = 3;

    private final Cache<String, List<String>> keys = CacheBuilder.newBuilder().maximumSize(MAX_DOMAINS).build();

    /** Records the key names ({@code s._domainkey.d}) of a message whose envelope sender is in {@code domain}. */
    public void remember(String domain, List<String> keyNames) {
        if (domain == null || domain.isEmpty() || keyNames.isEmpty()) {
            return;
        }
        keys.put(domain.toLowerCase(Locale.ROOT), List.copyOf(keyNames.subList(0, Math.min(MAX_KEYS, keyNames.size()))));
    }

    /** The key names last seen on mail from {@code domain}; empty when none. */
    public List<String> recall(String domain) {
        List<String> known = domain == null ? null : keys.getIfPresent(domain.toLowerCase(Locale.ROOT));
        return known == null ? List.of() : known;
    }
}
