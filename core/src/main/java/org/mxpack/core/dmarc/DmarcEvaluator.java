package org.mxpack.core.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;

/**
 * DMARC evaluation (RFC 7489 §6.6): policy discovery at {@code _dmarc.<author domain>}, then at
 * {@code _dmarc.<organizational domain>}, and identifier alignment of the passing SPF and DKIM domains.
 *
 * <p>Discovery choices (§6.6.3): TXT records not starting with {@code v=DMARC1} are ignored; when the
 * author domain's name has none (NXDOMAIN, NODATA or only other TXT) the organizational domain is
 * asked; several DMARC records at the name where discovery stops give {@code none} without falling back
 * (step 4, "DMARC processing is not applied"; the conformance data expects the same); a record without a
 * valid {@code p=} is {@code none} unless it has a valid {@code rua=} (then {@code p=none}, step 5). A
 * temporary DNS failure at either name gives {@code temperror}. {@code permerror} is kept for an author
 * domain that is empty or not a valid DNS name.
 */
public final class DmarcEvaluator {
    private static final String PREFIX = "_dmarc.";

    private final Dns dns;
    private final OrganizationalDomains orgs;
    private final PctSampler sampler;

    public DmarcEvaluator(Dns dns, OrganizationalDomains orgs) {
        this(dns, orgs, PctSampler.random());
    }

    public DmarcEvaluator(Dns dns, OrganizationalDomains orgs, PctSampler sampler) {
        this.dns = Objects.requireNonNull(dns);
        this.orgs = Objects.requireNonNull(orgs);
        this.sampler = Objects.requireNonNull(sampler);
    }

    /** The same evaluator over another DNS view (a session's). */
    public DmarcEvaluator withDns(Dns value) {
        return new DmarcEvaluator(value, orgs, sampler);
    }

    /**
     * Starts the policy lookups {@link #evaluate} will make for {@code domain} (and its organizational
     * domain), without waiting: over a session's DNS view, the evaluation later finds them answered.
     */
    public void prefetch(String domain) {
        String d = DomainNames.fromAddress(domain);
        if (!DomainNames.isValid(d)) {
            return;
        }
        dns.lookup(PREFIX + d, RecordType.TXT);
        String org = orgs.organizationalDomain(d);
        if (!org.equals(d)) {
            dns.lookup(PREFIX + org, RecordType.TXT);
        }
    }

    /**
     * Evaluates DMARC for a message.
     *
     * @param headerFromDomain the RFC 5322.From domain (an address is accepted too)
     * @param spf              SPF-authenticated domains (MAIL FROM, or HELO for a null sender) with their outcome
     * @param dkim             the {@code d=} of each DKIM signature with its outcome
     * @return never completes exceptionally
     */
    public CompletableFuture<DmarcVerdict> evaluate(String headerFromDomain, List<AuthenticatedDomain> spf,
            List<AuthenticatedDomain> dkim) {
        String from = headerFromDomain == null ? "" : DomainNames.fromAddress(headerFromDomain);
        if (!DomainNames.isValid(from)) {
            return CompletableFuture.completedFuture(DmarcVerdict.permerror(from, from,
                    "author domain '" + from + "' is not a valid domain name"));
        }
        String org = orgs.organizationalDomain(from);
        List<AuthenticatedDomain> spfList = List.copyOf(spf == null ? List.of() : spf);
        List<AuthenticatedDomain> dkimList = List.copyOf(dkim == null ? List.of() : dkim);
        return discover(from, org).thenApply(found -> {
            if (found.verdict != null) {
                return found.verdict;
            }
            DmarcRecord rec = found.record;
            String spfDomain = aligned(spfList, from, org, rec.strictSpf());
            String dkimDomain = aligned(dkimList, from, org, rec.strictDkim());
            boolean sampled = spfDomain.isEmpty() && dkimDomain.isEmpty() && sampler.sampled(rec.pct());
            return DmarcVerdict.evaluated(from, found.domain, org, rec, spfDomain, dkimDomain, sampled);
        }).exceptionally(e -> DmarcVerdict.temperror(from, org, "internal error: " + e));
    }

    /** Blocking convenience. */
    public DmarcVerdict evaluateNow(String headerFromDomain, List<AuthenticatedDomain> spf,
            List<AuthenticatedDomain> dkim) {
        return evaluate(headerFromDomain, spf, dkim).join();
    }

    private CompletableFuture<Found> discover(String from, String org) {
        return dns.lookup(PREFIX + from, RecordType.TXT).thenCompose(first -> {
            Found f = examine(first, from, from, org);
            if (f != null) {
                return CompletableFuture.completedFuture(f);
            }
            if (from.equals(org)) {
                return CompletableFuture.completedFuture(
                        Found.verdict(DmarcVerdict.none(from, org, "no DMARC record at _dmarc." + from)));
            }
            return dns.lookup(PREFIX + org, RecordType.TXT).thenApply(second -> {
                Found g = examine(second, org, from, org);
                return g != null ? g : Found.verdict(DmarcVerdict.none(from, org,
                        "no DMARC record at _dmarc." + from + " nor _dmarc." + org));
            });
        });
    }

    /** The outcome of one {@code _dmarc} lookup, or null when there is no DMARC record there. */
    private static Found examine(DnsAnswer answer, String domain, String from, String org) {
        if (answer.isTempFail()) {
            return Found.verdict(DmarcVerdict.temperror(from, org,
                    "DNS lookup of _dmarc." + domain + " failed: " + answer.detail()));
        }
        List<String> dmarc = new ArrayList<>();
        for (String txt : answer.records()) {
            if (DmarcRecord.isDmarc(txt)) {
                dmarc.add(txt);
            }
        }
        if (dmarc.isEmpty()) {
            return null;
        }
        if (dmarc.size() > 1) {
            return Found.verdict(DmarcVerdict.none(from, org, "several DMARC records at _dmarc." + domain));
        }
        Optional<DmarcRecord> rec = DmarcRecord.parse(dmarc.get(0));
        if (rec.isEmpty()) {
            return Found.verdict(DmarcVerdict.none(from, org,
                    "DMARC record at _dmarc." + domain + " has no valid policy and no valid rua"));
        }
        return Found.record(domain, rec.get());
    }

    /** The first passing identifier aligned with the author domain, or "". */
    private String aligned(List<AuthenticatedDomain> ids, String from, String fromOrg, boolean strict) {
        for (AuthenticatedDomain id : ids) {
            if (!id.passed() || id.domain().isEmpty()) {
                continue;
            }
            if (id.domain().equals(from)) {
                return id.domain();
            }
            if (!strict && orgs.organizationalDomain(id.domain()).equals(fromOrg)) {
                return id.domain();
            }
        }
        return "";
    }

    /** Either a finished verdict or the record that applies and where it was found. */
    private static final class Found {
        final DmarcVerdict verdict;
        final String domain;
        final DmarcRecord record;

        private Found(DmarcVerdict verdict, String domain, DmarcRecord record) {
            this.verdict = verdict;
            this.domain = domain;
            this.record = record;
        }

        static Found verdict(DmarcVerdict v) {
            return new Found(v, null, null);
        }

        static Found record(String domain, DmarcRecord r) {
            return new Found(null, domain, r);
        }
    }
}
