package org.mxpack.core.dns;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The dnsjava adapter behind {@link Dns}: UDP with TCP fallback on truncation ({@link DnsTransport},
 * non-blocking), EDNS0, servers tried in turn, retries, CNAME chains followed, and a byte-bounded
 * {@link DnsCache}. This class and its transport are the only ones that know dnsjava.
 *
 * <p>Fair to everyone: concurrent lookups of the same question share one query, and names under one
 * registered domain have at most {@link DnsSettings#maxInFlightPerDomain()} queries in flight; past that
 * a lookup is a TEMPFAIL at once, so a zone that never answers costs its own sessions a temperror and
 * never piles up sockets and memory for everyone else.
 */
public final class DnsjavaResolver implements Dns {
    private static final int MAX_CNAME_HOPS = 8;

    private final List<InetSocketAddress> servers;
    private final java.time.Duration timeout;
    private final int retries;
    private final long negativeTtlWithoutSoa;
    private final DnsCache cache;
    private final DnsTransport transport = new DnsTransport();
    private final ConcurrentHashMap<String, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final InFlightLimit perDomain;

    public DnsjavaResolver(DnsSettings settings) {
        this.servers = List.copyOf(settings.servers().isEmpty() ? systemServers() : settings.servers());
        this.timeout = settings.timeout();
        this.retries = Math.max(0, settings.retries());
        this.negativeTtlWithoutSoa = settings.negativeTtlWithoutSoa().getSeconds();
        this.cache = new DnsCache(settings.cacheBytes(), settings.maxTtl());
        this.perDomain = new InFlightLimit(settings.maxInFlightPerDomain());
    }

    private static List<InetSocketAddress> systemServers() {
        List<InetSocketAddress> found = ResolverConfig.getCurrentConfig().servers();
        if (found.isEmpty()) {
            try {
                return List.of(new InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 53));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    @Override
    public CompletableFuture<DnsAnswer> lookup(String name, RecordType type) {
        String key = normalize(name);
        DnsAnswer cached = cache.get(key, type);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        Name qname;
        try {
            qname = Name.fromString(key.endsWith(".") ? key : key + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(
                    DnsAnswer.nxdomain(key, type));
        }
        String question = type.name() + ' ' + key;
        CompletableFuture<DnsAnswer> shared = inFlight.get(question);
        if (shared != null) {
            return shared;
        }
        String domain = InFlightLimit.registeredDomain(key);
        if (!perDomain.tryAcquire(domain)) {
            return CompletableFuture.completedFuture(DnsAnswer.tempfail(key, type,
                    "too many lookups in flight under " + domain));
        }
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        shared = inFlight.putIfAbsent(question, mine);
        if (shared != null) {
            perDomain.release(domain);
            return shared;
        }
        follow(key, qname, type, 0).whenComplete((result, error) -> {
            DnsAnswer answer = result != null ? result.answer
                    : DnsAnswer.tempfail(key, type, "internal error: " + error);
            if (result != null) {
                cache.put(key, type, answer, result.ttl);
            }
            inFlight.remove(question, mine);
            perDomain.release(domain);
            mine.complete(answer);
        });
        return mine;
    }

    /** Lookups waiting for an answer now (tests and metrics). */
    public int inFlight() {
        return inFlight.size();
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    /** Queries {@code qname}; if the answer is only a CNAME chain, follows it. */
    private CompletableFuture<Result> follow(String asked, Name qname, RecordType type, int hops) {
        return query(qname, type, 0, 0).thenCompose(msg -> {
            if (msg == null) {
                return done(DnsAnswer.tempfail(asked, type, "timeout"), 0);
            }
            int rcode = msg.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return done(DnsAnswer.nxdomain(asked, type), negativeTtl(msg));
            }
            if (rcode != Rcode.NOERROR) {
                return done(DnsAnswer.tempfail(asked, type, Rcode.string(rcode)), 0);
            }
            List<String> records = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            Name target = qname;
            // Walk the answer section along the CNAME chain the server gave us.
            for (int guard = 0; guard <= MAX_CNAME_HOPS; guard++) {
                Name next = null;
                for (Record r : msg.getSection(Section.ANSWER)) {
                    if (!r.getName().equals(target)) {
                        continue;
                    }
                    if (r.getType() == type.code()) {
                        records.add(render(r));
                        ttl = Math.min(ttl, r.getTTL());
                    } else if (r instanceof CNAMERecord && type != RecordType.CNAME) {
                        next = ((CNAMERecord) r).getTarget();
                        ttl = Math.min(ttl, r.getTTL());
                    }
                }
                if (!records.isEmpty() || next == null) {
                    break;
                }
                target = next;
            }
            if (!records.isEmpty()) {
                return done(DnsAnswer.records(asked, type, records), ttl);
            }
            if (!target.equals(qname)) {
                if (hops >= MAX_CNAME_HOPS) {
                    return done(DnsAnswer.tempfail(asked, type, "CNAME chain too long"), 0);
                }
                return follow(asked, target, type, hops + 1);
            }
            return done(DnsAnswer.nodata(asked, type), negativeTtl(msg));
        });
    }

    private static CompletableFuture<Result> done(DnsAnswer answer, long ttl) {
        return CompletableFuture.completedFuture(new Result(answer, ttl));
    }

    /** Sends to server {@code index}, moving to the next server/retry on timeout or I/O error. */
    private CompletableFuture<Message> query(Name qname, RecordType type, int index, int attempt) {
        if (attempt > retries) {
            return CompletableFuture.completedFuture(null);
        }
        Message q = Message.newQuery(Record.newRecord(qname, type.code(), DClass.IN));
        q.getHeader().setFlag(Flags.RD);
        // EDNS0 with the DNS-flag-day payload: big TXT answers fit UDP without IP fragmentation
        q.addRecord(new OPTRecord(DnsTransport.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        return transport.send(servers.get(index), q, timeout)
                .handle((msg, err) -> {
                    if (err == null && msg != null && msg.getRcode() != Rcode.SERVFAIL
                            && msg.getRcode() != Rcode.REFUSED) {
                        return CompletableFuture.completedFuture(msg);
                    }
                    int nextIndex = (index + 1) % servers.size();
                    int nextAttempt = nextIndex == 0 ? attempt + 1 : attempt;
                    CompletableFuture<Message> retry = query(qname, type, nextIndex, nextAttempt);
                    // A SERVFAIL from the last try is the answer; a timeout is null.
                    return retry.thenApply(m -> m != null ? m : (err == null ? msg : null));
                })
                .thenCompose(f -> f);
    }

    /**
     * RFC 2308 §5: the SOA's TTL capped by its MINIMUM field; without an SOA, the short fixed time of
     * {@link DnsSettings#negativeTtlWithoutSoa()}.
     */
    private long negativeTtl(Message msg) {
        for (Record r : msg.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord) {
                return Math.min(r.getTTL(), ((SOARecord) r).getMinimum());
            }
        }
        return negativeTtlWithoutSoa;
    }

    private static String render(Record r) {
        if (r instanceof ARecord) {
            return ((ARecord) r).getAddress().getHostAddress();
        }
        if (r instanceof AAAARecord) {
            return ((AAAARecord) r).getAddress().getHostAddress();
        }
        if (r instanceof MXRecord) {
            MXRecord mx = (MXRecord) r;
            return mx.getPriority() + " " + host(mx.getTarget());
        }
        if (r instanceof TXTRecord) {
            StringBuilder sb = new StringBuilder();
            for (byte[] s : ((TXTRecord) r).getStringsAsByteArrays()) {
                sb.append(new String(s, StandardCharsets.UTF_8));
            }
            return sb.toString();
        }
        if (r instanceof PTRRecord) {
            return host(((PTRRecord) r).getTarget());
        }
        if (r instanceof CNAMERecord) {
            return host(((CNAMERecord) r).getTarget());
        }
        if (r instanceof NSRecord) {
            return host(((NSRecord) r).getTarget());
        }
        return r.rdataToString();
    }

    private static String host(Name name) {
        String s = name.toString(true).toLowerCase(Locale.ROOT);
        return s.isEmpty() ? "." : s;
    }

    private static final class Result {
        final DnsAnswer answer;
        final long ttl;

        Result(DnsAnswer answer, long ttl) {
            this.answer = answer;
            this.ttl = ttl;
        }
    }
}
