package org.mxpack.core.dns;

import java.util.concurrent.CompletableFuture;

/**
 * The one DNS port of the pack. SPF, DKIM, DMARC, DNSBL, iprev and MX lookups all go through it;
 * dnsjava appears only in its adapter ({@link DnsjavaResolver}).
 *
 * <p>Lookups are asynchronous so independent checks overlap; the future never completes
 * exceptionally: every failure is a {@link DnsStatus#TEMPFAIL} answer.
 */
public interface Dns {
    CompletableFuture<DnsAnswer> lookup(String name, RecordType type);

    /** Blocking convenience for code that has nothing else to do meanwhile. */
    default DnsAnswer resolve(String name, RecordType type) {
        return lookup(name, type).join();
    }
}
