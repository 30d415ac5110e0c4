package org.mxpack.core.dns;

import java.time.Duration;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * A private answer cache bounded by bytes, not entries: a 60 KB TXT answer weighs what it costs, so a
 * zone full of huge records cannot push everyone else's answers out in a few queries, nor grow the heap.
 * Positive answers live for their TTL, negative ones (NXDOMAIN, NODATA) for the RFC 2308 negative TTL,
 * both capped; temporary failures are never cached, so the next message gets a fresh chance.
 */
final class DnsCache {
    /** Fixed cost of one entry (key, answer object, list, Guava's node), in bytes. */
    private static final int ENTRY_OVERHEAD = 200;

    private final long maxTtlMillis;
    private final Cache<String, Entry> entries;

    /** @param maxBytes approximate heap the cached answers may use; 0 disables the cache */
    DnsCache(long maxBytes, Duration maxTtl) {
        this.maxTtlMillis = maxTtl.toMillis();
        this.entries = maxBytes <= 0 ? null : CacheBuilder.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry e) -> e.weight)
                .build();
    }

    DnsAnswer get(String name, RecordType type) {
        if (entries == null) {
            return null;
        }
        String key = key(name, type);
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAt <= System.currentTimeMillis()) {
            entries.asMap().remove(key, e);
            return null;
        }
        return e.answer;
    }

    void put(String name, RecordType type, DnsAnswer answer, long ttlSeconds) {
        if (entries == null || answer.isTempFail() || ttlSeconds <= 0) {
            return;
        }
        long ttl = Math.min(ttlSeconds * 1000, maxTtlMillis);
        String key = key(name, type);
        entries.put(key, new Entry(answer, System.currentTimeMillis() + ttl, weigh(key, answer)));
    }

    /** Entries held now (tests). */
    long size() {
        return entries == null ? 0 : entries.size();
    }

    private static int weigh(String key, DnsAnswer answer) {
        long bytes = ENTRY_OVERHEAD + 2L * key.length() + 2L * answer.detail().length();
        for (String r : answer.records()) {
            bytes += 48 + 2L * r.length();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static String key(String name, RecordType type) {
        return type.name() + ' ' + name;
    }

    private static final class Entry {
        final DnsAnswer answer;
        final long expiresAt;
        final int weight;

        Entry(DnsAnswer answer, long expiresAt, int weight) {
            this.answer = answer;
            this.expiresAt = expiresAt;
            this.weight = weight;
        }
    }
}
