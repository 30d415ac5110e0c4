package org.mxpack.core.dns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SMTP session's view of the shared resolver.
 *
 * <ul>
 *   <li>Answers are kept for the session's life, whatever their TTL: a lookup started early (the
 *       {@code _dmarc} record at MAIL FROM, a DKIM key as soon as the headers are in) is answered once
 *       and used at end of DATA, even from a zone that says TTL 0. Temporary failures are not kept, so
 *       a later stage may try again. At most {@link #MAX_REMEMBERED} questions are kept.</li>
 *   <li>One client address has at most N lookups in flight across all its sessions; past that its
 *       lookups are TEMPFAIL at once, for that client only.</li>
 * </ul>
 */
public final class SessionDns implements Dns {
    static final int MAX_REMEMBERED = 256;

    private final Dns shared;
    private final InFlightLimit perClient;
    private final String client;
    private final ConcurrentHashMap<String, CompletableFuture<DnsAnswer>> remembered = new ConcurrentHashMap<>();

    /** @param client the key {@code perClient} counts under (the client address) */
    public SessionDns(Dns shared, InFlightLimit perClient, String client) {
        this.shared = shared;
        this.perClient = perClient;
        this.client = client;
    }

    @Override
    public CompletableFuture<DnsAnswer> lookup(String name, RecordType type) {
        String question = type.name() + ' ' + name.toLowerCase(java.util.Locale.ROOT);
        CompletableFuture<DnsAnswer> known = remembered.get(question);
        if (known != null) {
            return known;
        }
        if (!perClient.tryAcquire(client)) {
            return CompletableFuture.completedFuture(DnsAnswer.tempfail(name, type,
                    "too many lookups in flight for client " + client));
        }
        CompletableFuture<DnsAnswer> asked = shared.lookup(name, type);
        asked.whenComplete((a, e) -> perClient.release(client));
        if (remembered.size() < MAX_REMEMBERED) {
            CompletableFuture<DnsAnswer> raced = remembered.putIfAbsent(question, asked);
            if (raced != null) {
                return raced;
            }
            asked.thenAccept(a -> {
                if (a.isTempFail()) {
                    remembered.remove(question, asked);
                }
            });
        }
        return asked;
    }

    /** Starts a lookup whose answer a later stage will want; nothing waits for it now. */
    public void prefetch(String name, RecordType type) {
        lookup(name, type);
    }
}
