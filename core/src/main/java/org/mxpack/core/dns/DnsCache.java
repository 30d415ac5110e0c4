package org.mxpack.core.dns;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private answer cache honouring TTLs up to a cap. Temporary failures are never cached:
 * the next message should get a fresh chance.
 */
final class DnsCache {
    private final int maxEntries;
    private final long maxTtlMillis;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    DnsCache(int maxEntries, Duration maxTtl) {
        this.maxEntries = maxEntries;
        this.maxTtlMillis = maxTtl.toMillis();
    }

    DnsAnswer get(String name, RecordType type) {
        if (maxEntries <= 0) {
            return null;
        }
        String key = key(name, type);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAt <= System.currentTimeMillis()) {
            entries.remove(key, e);
            return null;
        }
        return e.answer;
    }

    void put(String name, RecordType type, DnsAnswer answer, long ttlSeconds) {
        if (maxEntries <= 0 || answer.isTempFail() || ttlSeconds <= 0) {
            return;
        }
        long ttl = Math.min(ttlSeconds * 1000, maxTtlMillis);
        if (entries.size() >= maxEntries) {
            evictSome();
        }
        entries.put(key(name, type), new Entry(answer, System.currentTimeMillis() + ttl));
    }

    /** Drops expired entries, then arbitrary ones, until a tenth of the room is free. */
    private void evictSome() {
        long now = System.currentTimeMillis();
        entries.values().removeIf(e -> e.expiresAt <= now);
        Iterator<String> it = entries.keySet().iterator();
        while (entries.size() > maxEntries * 9 / 10 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static String key(String name, RecordType type) {
        return type.name() + ' ' + name;
    }

    private static final class Entry {
        final DnsAnswer answer;
        final long expiresAt;

        Entry(DnsAnswer answer, long expiresAt) {
            this.answer = answer;
            this.expiresAt = expiresAt;
        }
    }
}
