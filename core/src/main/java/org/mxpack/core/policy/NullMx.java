package org.mxpack.core.policy;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.DnsStatus;
import org.mxpack.core.dns.RecordType;

/**
 * Does a domain publish a null MX (RFC 7505: its only MX is {@code 0 .}), i.e. say that it accepts
 * no mail, so that a bounce to a sender there could never be delivered?
 */
final class NullMx {
    /** What the MX lookup showed. */
    enum Result {
        /** Only null MX records: the domain accepts no mail. */
        NULL_MX,
        /** Real MX records, or none (then the A/AAAA fallback of RFC 5321 §5.1 applies). */
        NOT_NULL,
        /** The lookup failed temporarily: never a 5xx. */
        TEMPERROR;

        String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private NullMx() {
    }

    static CompletableFuture<Result> check(Dns dns, String domain) {
        return dns.lookup(domain, RecordType.MX).thenApply(NullMx::judge);
    }

    static Result judge(DnsAnswer answer) {
        if (answer.status() == DnsStatus.TEMPFAIL) {
            return Result.TEMPERROR;
        }
        List<String> records = answer.records();
        if (records.isEmpty()) {
            return Result.NOT_NULL; // NXDOMAIN / NODATA: not a null MX (other checks judge those)
        }
        for (String r : records) {
            String[] parts = r.trim().split("\\s+");
            // RFC 7505 §3: the null MX is "0 ."; a domain that also lists a real host still takes mail
            if (parts.length != 2 || !parts[1].equals(".")) {
                return Result.NOT_NULL;
            }
        }
        return Result.NULL_MX;
    }
}
