package org.mxpack.core.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;

/**
 * One RFC 7208 {@code check_host()} evaluation (§4), with the processing limits of §4.6.4 shared by the
 * whole include/redirect tree. Asynchronous: each DNS answer continues the evaluation where it left
 * off, so an include chain is a chain of futures and no thread waits for DNS. Single use; its steps
 * run one after another (each on the thread that completed the previous lookup), never concurrently.
 */
final class SpfEvaluator {
    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_MX_NAMES = 10;
    static final int MAX_PTR_NAMES = 10;

    private final Dns dns;
    private final Ip ip;
    private final String defaultExplanation;
    private final Macros.Context macros;
    private int dnsTerms;
    private int voidLookups;
    /** The domain whose record is being evaluated: {@code %{p}} prefers names under it. */
    private String currentDomain;
    /** Validated reverse names, looked up once per evaluation (ptr and %{p} share them). */
    private CompletableFuture<List<String>> validated;

    /** What check_host() concluded, with the deciding mechanism and (for fail) the explanation. */
    static final class Outcome {
        final SpfResult result;
        final String mechanism;
        final String explanation;

        Outcome(SpfResult result, String mechanism, String explanation) {
            this.result = result;
            this.mechanism = mechanism;
            this.explanation = explanation;
        }
    }

    SpfEvaluator(Dns dns, Ip ip, String sender, String helo, String receiver, long timestamp,
                 String defaultExplanation) {
        this.dns = dns;
        this.ip = ip;
        this.defaultExplanation = defaultExplanation;
        int at = sender.lastIndexOf('@');
        String local = sender.substring(0, at);
        this.macros = new Macros.Context(sender, local.isEmpty() ? "postmaster" : local, sender.substring(at + 1),
                ip, helo, receiver, timestamp, this::validatedNameForMacro);
    }

    /**
     * The top-level check_host(ip, domain, sender). Permerror/temperror complete the future
     * exceptionally with an {@link SpfError} (possibly wrapped in a CompletionException).
     */
    CompletableFuture<Outcome> run(String domain) {
        if (!isValidDomain(domain)) {
            return done(new Outcome(SpfResult.NONE, "", ""));
        }
        return checkHost(domain, true);
    }

    private CompletableFuture<Outcome> checkHost(String domain, boolean wantExplanation) {
        currentDomain = domain;
        return fetchRecord(domain).thenCompose(record -> {
            if (record == null) {
                return done(new Outcome(SpfResult.NONE, "", ""));
            }
            return directive(record, 0, domain, wantExplanation);
        });
    }

    /**
     * Evaluates the directives from {@code index} on, then redirect= or the default neutral. Directives
     * that need no DNS are matched in a loop, so only DNS terms (at most ten) nest futures.
     */
    private CompletableFuture<Outcome> directive(SpfRecord record, int index, String domain, boolean wantExplanation) {
        int i = index;
        while (i < record.directives.size()) {
            Directive d = record.directives.get(i);
            if (d.kind.countsTowardLimit()) {
                break;
            }
            if (matchesWithoutDns(d)) {
                return matched(record, d, domain, wantExplanation);
            }
            i++;
        }
        if (i == record.directives.size()) {
            return redirect(record, domain, wantExplanation);
        }
        Directive d = record.directives.get(i);
        int next = i + 1;
        try {
            countDnsTerm(d.text);
        } catch (SpfError e) {
            return failed(e);
        }
        return matches(d, domain).thenCompose(match -> match ? matched(record, d, domain, wantExplanation)
                : directive(record, next, domain, wantExplanation));
    }

    private CompletableFuture<Outcome> matched(SpfRecord record, Directive d, String domain, boolean wantExplanation) {
        if (d.qualifier == SpfResult.FAIL && wantExplanation) {
            return explain(record, domain).thenApply(text -> new Outcome(d.qualifier, d.text, text));
        }
        return done(new Outcome(d.qualifier, d.text, ""));
    }

    /** all, ip4 and ip6: decided from the client address alone. */
    private boolean matchesWithoutDns(Directive d) {
        return d.kind == Directive.Kind.ALL || ip.inNetwork(d.network, ip.isV4() ? d.cidr4 : d.cidr6);
    }

    private CompletableFuture<Outcome> redirect(SpfRecord record, String domain, boolean wantExplanation) {
        if (record.redirect == null) {
            return done(new Outcome(SpfResult.NEUTRAL, "default", ""));
        }
        try {
            countDnsTerm("redirect=" + record.redirect);
        } catch (SpfError e) {
            return failed(e);
        }
        return expandDomain(record.redirect, domain).thenCompose(target -> {
            CompletableFuture<Outcome> o = isValidDomain(target) ? checkHost(target, wantExplanation) : done(null);
            return o.thenCompose(outcome -> outcome == null || outcome.result == SpfResult.NONE
                    ? failed(SpfError.perm("redirect=" + target + " has no SPF record"))
                    : done(outcome));
        });
    }

    /** The one v=spf1 TXT record of {@code domain}, null when there is none (§4.4, §4.5). */
    private CompletableFuture<SpfRecord> fetchRecord(String domain) {
        return dns.lookup(domain, RecordType.TXT).thenCompose(answer -> {
            if (answer.isTempFail()) {
                return failed(SpfError.temp("DNS failure looking up TXT " + domain + ": " + answer.detail()));
            }
            List<String> spf = new ArrayList<>();
            for (String txt : answer.records()) {
                if (SpfRecord.isSpf1(txt)) {
                    spf.add(txt);
                }
            }
            if (spf.isEmpty()) {
                return done(null);
            }
            if (spf.size() > 1) {
                return failed(SpfError.perm("more than one SPF record at " + domain));
            }
            try {
                return done(SpfRecord.parse(spf.get(0)));
            } catch (SpfError e) {
                return failed(SpfError.perm(e.problem() + " (SPF record of " + domain + ")"));
            }
        });
    }

    private void countDnsTerm(String term) throws SpfError {
        if (++dnsTerms > MAX_DNS_TERMS) {
            throw SpfError.perm("more than " + MAX_DNS_TERMS + " DNS-querying terms (at " + term + ")");
        }
    }

    /** A mechanism lookup that found nothing (NXDOMAIN or NODATA); the third one is a permerror. */
    private void countVoid(String name) throws SpfError {
        if (++voidLookups > MAX_VOID_LOOKUPS) {
            throw SpfError.perm("more than " + MAX_VOID_LOOKUPS + " void DNS lookups (at " + name + ")");
        }
    }

    private CompletableFuture<Boolean> matches(Directive d, String domain) {
        switch (d.kind) {
            case A:
                return target(d, domain).thenCompose(name -> matchA(name, d, true));
            case MX:
                return target(d, domain).thenCompose(name -> matchMx(name, d));
            case PTR:
                return target(d, domain).thenCompose(this::matchPtr);
            case EXISTS:
                return target(d, domain).thenCompose(this::matchExists);
            case INCLUDE:
                return target(d, domain).thenCompose(this::matchInclude);
            default:
                return failed(new IllegalStateException(d.kind.name()));
        }
    }

    private CompletableFuture<String> target(Directive d, String domain) {
        return d.domainSpec == null ? done(domain) : expandDomain(d.domainSpec, domain);
    }

    /** Expands a domain-spec; when it uses {@code %{p}}, the validated names are looked up first. */
    private CompletableFuture<String> expandDomain(String spec, String domain) {
        CompletableFuture<List<String>> ready = usesValidatedName(spec) ? validatedNames() : done(null);
        return ready.thenCompose(ignored -> {
            try {
                return done(Macros.expandDomain(spec, macros, domain));
            } catch (SpfError e) {
                return failed(e);
            }
        });
    }

    private static boolean usesValidatedName(String macroString) {
        return macroString.contains("%{p") || macroString.contains("%{P");
    }

    /** a / one MX host: A records for an IPv4 client, AAAA for IPv6 (§5.3). */
    private CompletableFuture<Boolean> matchA(String name, Directive d, boolean countVoid) {
        RecordType type = ip.isV4() ? RecordType.A : RecordType.AAAA;
        return dns.lookup(name, type).thenCompose(answer -> {
            if (answer.isTempFail()) {
                return failed(SpfError.temp("DNS failure looking up " + type + " " + name + ": " + answer.detail()));
            }
            if (answer.isEmpty()) {
                if (countVoid) {
                    try {
                        countVoid(name);
                    } catch (SpfError e) {
                        return failed(e);
                    }
                }
                return done(false);
            }
            int prefix = ip.isV4() ? d.cidr4 : d.cidr6;
            for (String text : answer.records()) {
                Ip addr = Ip.parseAny(text);
                if (addr != null && ip.inNetwork(addr, prefix)) {
                    return done(true);
                }
            }
            return done(false);
        });
    }

    private CompletableFuture<Boolean> matchMx(String name, Directive d) {
        return dns.lookup(name, RecordType.MX).thenCompose(answer -> {
            if (answer.isTempFail()) {
                return failed(SpfError.temp("DNS failure looking up MX " + name + ": " + answer.detail()));
            }
            try {
                if (answer.isEmpty()) {
                    countVoid(name);
                    return done(false);
                }
            } catch (SpfError e) {
                return failed(e);
            }
            if (answer.records().size() > MAX_MX_NAMES) {
                return failed(SpfError.perm("more than " + MAX_MX_NAMES + " MX records at " + name));
            }
            List<String> hosts = new ArrayList<>();
            for (String mx : answer.records()) {
                String host = mx.substring(mx.indexOf(' ') + 1);
                if (!host.equals(".") && !host.isEmpty()) {
                    hosts.add(host); // a null MX (RFC 7505) names no host
                }
            }
            return anyMxHost(hosts, 0, d);
        });
    }

    /** The MX hosts' addresses, one host after another, stopping at the first match (as the RFC counts lookups). */
    private CompletableFuture<Boolean> anyMxHost(List<String> hosts, int index, Directive d) {
        if (index == hosts.size()) {
            return done(false);
        }
        return matchA(hosts.get(index), d, false)
                .thenCompose(match -> match ? done(true) : anyMxHost(hosts, index + 1, d));
    }

    /** ptr (§5.5): a validated reverse name equal to or under the target. DNS errors just fail to match. */
    private CompletableFuture<Boolean> matchPtr(String target) {
        String t = target.toLowerCase(Locale.ROOT);
        return validatedNames().thenApply(names -> {
            for (String name : names) {
                if (name.equals(t) || name.endsWith("." + t)) {
                    return true;
                }
            }
            return false;
        });
    }

    private CompletableFuture<Boolean> matchExists(String name) {
        // always A, whatever the client family (§5.7)
        return dns.lookup(name, RecordType.A).thenCompose(answer -> {
            if (answer.isTempFail()) {
                return failed(SpfError.temp("DNS failure looking up A " + name + ": " + answer.detail()));
            }
            if (answer.isEmpty()) {
                try {
                    countVoid(name);
                } catch (SpfError e) {
                    return failed(e);
                }
                return done(false);
            }
            return done(true);
        });
    }

    /** include (§5.2): pass matches; fail/softfail/neutral do not; none is a permerror; errors propagate. */
    private CompletableFuture<Boolean> matchInclude(String target) {
        String outer = currentDomain;
        CompletableFuture<Outcome> inner = isValidDomain(target) ? checkHost(target, false)
                : done(new Outcome(SpfResult.NONE, "", ""));
        return inner.thenCompose(o -> {
            currentDomain = outer;
            switch (o.result) {
                case PASS:
                    return done(true);
                case FAIL:
                case SOFTFAIL:
                case NEUTRAL:
                    return done(false);
                case NONE:
                    return failed(SpfError.perm("include:" + target + " has no SPF record"));
                default:
                    return failed(new IllegalStateException(o.result.name()));
            }
        });
    }

    /**
     * The reverse names of the client that resolve back to it (§5.5): at most 10 PTR names are tried
     * (their address lookups in parallel), lookup failures are skipped.
     */
    private CompletableFuture<List<String>> validatedNames() {
        if (validated != null) {
            return validated;
        }
        RecordType type = ip.isV4() ? RecordType.A : RecordType.AAAA;
        validated = dns.lookup(ip.reverseName(), RecordType.PTR).thenCompose(ptr -> {
            List<String> names = ptr.records();
            List<String> tried = new ArrayList<>();
            List<CompletableFuture<DnsAnswer>> forward = new ArrayList<>();
            for (int i = 0; i < names.size() && i < MAX_PTR_NAMES; i++) {
                String name = names.get(i).toLowerCase(Locale.ROOT);
                tried.add(name);
                forward.add(dns.lookup(name, type));
            }
            return CompletableFuture.allOf(forward.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < tried.size(); i++) {
                    for (String text : forward.get(i).join().records()) {
                        if (ip.equals(Ip.parseAny(text))) {
                            out.add(tried.get(i));
                            break;
                        }
                    }
                }
                return List.copyOf(out);
            });
        });
        return validated;
    }

    /**
     * {@code %{p}} (§7.3): the current domain itself if validated, else a subdomain, else any, else
     * "unknown". Only called after {@link #validatedNames()} completed (see {@link #expandDomain}).
     */
    private String validatedNameForMacro() {
        String domain = currentDomain == null ? "" : currentDomain.toLowerCase(Locale.ROOT);
        List<String> names = validated == null ? List.of() : validated.getNow(List.of());
        String best = names.isEmpty() ? "unknown" : names.get(0);
        for (String n : names) {
            if (n.equals(domain)) {
                best = n;
                break;
            }
            if (n.endsWith("." + domain) && !best.endsWith("." + domain)) {
                best = n;
            }
        }
        return best;
    }

    /**
     * The explanation for a fail (§6.2): the exp= TXT record expanded, or the default explanation when
     * exp= is absent or cannot be used (DNS trouble, not exactly one record, bad syntax, non-ASCII).
     * The exp lookup counts toward no limit. Never fails.
     */
    private CompletableFuture<String> explain(SpfRecord record, String domain) {
        CompletableFuture<String> fromRecord = record.exp == null ? done(null)
                : expandDomain(record.exp, domain).thenCompose(name -> !isValidDomain(name) ? done((String) null)
                        : dns.lookup(name, RecordType.TXT).thenCompose(answer -> {
                            if (answer.records().size() != 1) {
                                return done(null);
                            }
                            String text = answer.records().get(0);
                            if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                                return done(null);
                            }
                            CompletableFuture<List<String>> ready = usesValidatedName(text) ? validatedNames()
                                    : done(null);
                            return ready.thenApply(ignored -> expandOrNull(text, domain));
                        }));
        return fromRecord.exceptionally(e -> null) // a broken exp= is ignored (§6.2)
                .thenCompose(text -> {
                    if (text != null) {
                        return done(text);
                    }
                    CompletableFuture<List<String>> ready = usesValidatedName(defaultExplanation) ? validatedNames()
                            : done(null);
                    return ready.thenApply(ignored -> {
                        String expanded = expandOrNull(defaultExplanation, domain);
                        return expanded != null ? expanded : defaultExplanation;
                    });
                });
    }

    private String expandOrNull(String text, String domain) {
        try {
            return Macros.expandExplanation(text, macros, domain);
        } catch (SpfError e) {
            return null;
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> failed(Throwable error) {
        return CompletableFuture.failedFuture(error);
    }

    /** Multi-label, labels of 1..63 visible ASCII characters, at most 253 characters, no address literal (§4.3). */
    static boolean isValidDomain(String domain) {
        if (domain == null) {
            return false;
        }
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.length() > Macros.MAX_DOMAIN_LENGTH || d.startsWith("[")) {
            return false;
        }
        String[] labels = d.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    return false;
                }
            }
        }
        return true;
    }
}
