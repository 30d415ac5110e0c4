package org.mxpack.core.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.DnsStatus;
import org.mxpack.core.dns.RecordType;

/** Does the HELO name resolve (A/AAAA) to the client's address? Evidence, not a verdict by itself. */
final class HeloDns {
    enum Result { PASS, FAIL, NONE, TEMPERROR }

    private HeloDns() {
    }

    static CompletableFuture<Result> check(Dns dns, String helo, InetAddress client) {
        RecordType type = client.getAddress().length == 4 ? RecordType.A : RecordType.AAAA;
        return dns.lookup(helo, type).thenApply(a -> judge(a, client));
    }

    private static Result judge(DnsAnswer answer, InetAddress client) {
        if (answer.status() == DnsStatus.TEMPFAIL) {
            return Result.TEMPERROR;
        }
        if (answer.status() == DnsStatus.NXDOMAIN) {
            return Result.NONE;
        }
        List<String> records = answer.records();
        for (String r : records) {
            try {
                if (InetAddress.getByName(r).equals(client)) {
                    return Result.PASS;
                }
            } catch (java.net.UnknownHostException e) {
                // not an address: ignore
            }
        }
        return Result.FAIL;
    }
}
