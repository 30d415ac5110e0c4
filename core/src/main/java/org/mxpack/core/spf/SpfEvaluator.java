package org.mxpack.core.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;

/**
 * One RFC 7208 {@code check_host()} evaluation (§4), with the processing limits of §4.6.4 shared by the
 * whole include/redirect tree. Single use, single thread: it blocks on {@link Dns#resolve}, so it must
 * run on a worker thread, never on an SMTP I/O thread ({@link SpfChecker} sees to that).
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
    private List<String> validated;

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

    /** The top-level check_host(ip, domain, sender). Permerror/temperror arrive as {@link SpfError}. */
    Outcome run(String domain) throws SpfError {
        if (!isValidDomain(domain)) {
            return new Outcome(SpfResult.NONE, "", "");
        }
        return checkHost(domain, true);
    }

    private Outcome checkHost(String domain, boolean wantExplanation) throws SpfError {
        currentDomain = domain;
        SpfRecord record = fetchRecord(domain);
        if (record == null) {
            return new Outcome(SpfResult.NONE, "", "");
        }
        for (Directive d : record.directives) {
            if (d.kind.countsTowardLimit()) {
                countDnsTerm(d.text);
            }
            if (matches(d, domain)) {
                String explanation = d.qualifier == SpfResult.FAIL && wantExplanation
                        ? explain(record, domain) : "";
                return new Outcome(d.qualifier, d.text, explanation);
            }
        }
        if (record.redirect != null) {
            countDnsTerm("redirect=" + record.redirect);
            String target = Macros.expandDomain(record.redirect, macros, domain);
            Outcome o = isValidDomain(target) ? checkHost(target, wantExplanation) : null;
            if (o == null || o.result == SpfResult.NONE) {
                throw SpfError.perm("redirect=" + target + " has no SPF record");
            }
            return o;
        }
        return new Outcome(SpfResult.NEUTRAL, "default", "");
    }

    /** The one v=spf1 TXT record of {@code domain}, null when there is none (§4.4, §4.5). */
    private SpfRecord fetchRecord(String domain) throws SpfError {
        DnsAnswer answer = dns.resolve(domain, RecordType.TXT);
        if (answer.isTempFail()) {
            throw SpfError.temp("DNS failure looking up TXT " + domain + ": " + answer.detail());
        }
        List<String> spf = new ArrayList<>();
        for (String txt : answer.records()) {
            if (SpfRecord.isSpf1(txt)) {
                spf.add(txt);
            }
        }
        if (spf.isEmpty()) {
            return null;
        }
        if (spf.size() > 1) {
            throw SpfError.perm("more than one SPF record at " + domain);
        }
        try {
            return SpfRecord.parse(spf.get(0));
        } catch (SpfError e) {
            throw SpfError.perm(e.problem() + " (SPF record of " + domain + ")");
        }
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

    private boolean matches(Directive d, String domain) throws SpfError {
        switch (d.kind) {
            case ALL:
                return true;
            case IP4:
            case IP6:
                return ip.inNetwork(d.network, ip.isV4() ? d.cidr4 : d.cidr6);
            case A:
                return matchA(target(d, domain), d, true);
            case MX:
                return matchMx(target(d, domain), d);
            case PTR:
                return matchPtr(target(d, domain));
            case EXISTS:
                return matchExists(target(d, domain));
            case INCLUDE:
                return matchInclude(target(d, domain));
            default:
                throw new IllegalStateException(d.kind.name());
        }
    }

    private String target(Directive d, String domain) throws SpfError {
        return d.domainSpec == null ? domain : Macros.expandDomain(d.domainSpec, macros, domain);
    }

    /** a / one MX host: A records for an IPv4 client, AAAA for IPv6 (§5.3). */
    private boolean matchA(String name, Directive d, boolean countVoid) throws SpfError {
        RecordType type = ip.isV4() ? RecordType.A : RecordType.AAAA;
        DnsAnswer answer = dns.resolve(name, type);
        if (answer.isTempFail()) {
            throw SpfError.temp("DNS failure looking up " + type + " " + name + ": " + answer.detail());
        }
        if (answer.isEmpty()) {
            if (countVoid) {
                countVoid(name);
            }
            return false;
        }
        int prefix = ip.isV4() ? d.cidr4 : d.cidr6;
        for (String text : answer.records()) {
            Ip addr = Ip.parseAny(text);
            if (addr != null && ip.inNetwork(addr, prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchMx(String name, Directive d) throws SpfError {
        DnsAnswer answer = dns.resolve(name, RecordType.MX);
        if (answer.isTempFail()) {
            throw SpfError.temp("DNS failure looking up MX " + name + ": " + answer.detail());
        }
        if (answer.isEmpty()) {
            countVoid(name);
            return false;
        }
        if (answer.records().size() > MAX_MX_NAMES) {
            throw SpfError.perm("more than " + MAX_MX_NAMES + " MX records at " + name);
        }
        for (String mx : answer.records()) {
            String host = mx.substring(mx.indexOf(' ') + 1);
            if (host.equals(".") || host.isEmpty()) {
                continue; // null MX (RFC 7505)
            }
            if (matchA(host, d, false)) {
                return true;
            }
        }
        return false;
    }

    /** ptr (§5.5): a validated reverse name equal to or under the target. DNS errors just fail to match. */
    private boolean matchPtr(String target) {
        String t = target.toLowerCase(Locale.ROOT);
        for (String name : validatedNames()) {
            if (name.equals(t) || name.endsWith("." + t)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchExists(String name) throws SpfError {
        DnsAnswer answer = dns.resolve(name, RecordType.A); // always A, whatever the client family (§5.7)
        if (answer.isTempFail()) {
            throw SpfError.temp("DNS failure looking up A " + name + ": " + answer.detail());
        }
        if (answer.isEmpty()) {
            countVoid(name);
            return false;
        }
        return true;
    }

    /** include (§5.2): pass matches; fail/softfail/neutral do not; none is a permerror; errors propagate. */
    private boolean matchInclude(String target) throws SpfError {
        String outer = currentDomain;
        Outcome o = isValidDomain(target) ? checkHost(target, false) : new Outcome(SpfResult.NONE, "", "");
        currentDomain = outer;
        switch (o.result) {
            case PASS:
                return true;
            case FAIL:
            case SOFTFAIL:
            case NEUTRAL:
                return false;
            case NONE:
                throw SpfError.perm("include:" + target + " has no SPF record");
            default:
                throw new IllegalStateException(o.result.name());
        }
    }

    /**
     * The reverse names of the client that resolve back to it (§5.5): at most 10 PTR names are tried,
     * lookup failures are skipped.
     */
    private List<String> validatedNames() {
        if (validated != null) {
            return validated;
        }
        List<String> out = new ArrayList<>();
        DnsAnswer ptr = dns.resolve(ip.reverseName(), RecordType.PTR);
        List<String> names = ptr.records();
        RecordType type = ip.isV4() ? RecordType.A : RecordType.AAAA;
        for (int i = 0; i < names.size() && i < MAX_PTR_NAMES; i++) {
            String name = names.get(i).toLowerCase(Locale.ROOT);
            for (String text : dns.resolve(name, type).records()) {
                if (ip.equals(Ip.parseAny(text))) {
                    out.add(name);
                    break;
                }
            }
        }
        validated = List.copyOf(out);
        return validated;
    }

    /** {@code %{p}} (§7.3): the current domain itself if validated, else a subdomain, else any, else "unknown". */
    private String validatedNameForMacro() {
        String domain = currentDomain == null ? "" : currentDomain.toLowerCase(Locale.ROOT);
        List<String> names = validatedNames();
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
     * The exp lookup counts toward no limit.
     */
    private String explain(SpfRecord record, String domain) {
        if (record.exp != null) {
            try {
                String name = Macros.expandDomain(record.exp, macros, domain);
                DnsAnswer answer = isValidDomain(name) ? dns.resolve(name, RecordType.TXT) : null;
                if (answer != null && answer.records().size() == 1) {
                    String text = answer.records().get(0);
                    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                        return Macros.expandExplanation(text, macros, domain);
                    }
                }
            } catch (SpfError e) {
                // a broken exp= is ignored (§6.2)
            }
        }
        try {
            return Macros.expandExplanation(defaultExplanation, macros, domain);
        } catch (SpfError e) {
            return defaultExplanation;
        }
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
