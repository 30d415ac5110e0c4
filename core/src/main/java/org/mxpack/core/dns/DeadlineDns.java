package org.mxpack.core.dns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A view of a {@link Dns} that gives up at a deadline: a lookup started after it, or not answered by
 * it, is a TEMPFAIL ("no answer within the time budget"). The query underneath is not disturbed (it is
 * shared with others and bounded by its own timeout); only this view stops waiting for it.
 */
public final class DeadlineDns implements Dns {
    private final Dns dns;
    private final long deadlineNanos;
    private final String budget;

    /**
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @param budget        how the budget is named in the TEMPFAIL detail, e.g. "the MAIL stage budget of 10s"
     */
    public DeadlineDns(Dns dns, long deadlineNanos, String budget) {
        this.dns = dns;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    @Override
    public CompletableFuture<DnsAnswer> lookup(String name, RecordType type) {
        long left = deadlineNanos - System.nanoTime();
        DnsAnswer late = DnsAnswer.tempfail(name, type, "no answer within " + budget);
        if (left <= 0) {
            return CompletableFuture.completedFuture(late);
        }
        // copy(): completing our view must never complete the shared lookup for its other waiters
        return dns.lookup(name, type).copy().completeOnTimeout(late, left, TimeUnit.NANOSECONDS);
    }
}
