package org.mxpack.core.policy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.arc.ArcSettings;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.arc.ArcVerifier;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dmarc.AuthorDomains;
import org.mxpack.core.dmarc.DmarcEvaluator;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.dmarc.PctSampler;
import org.mxpack.core.dns.SessionDns;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.iprev.IprevVerdict;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.spam.HeaderEdit;
import org.mxpack.core.spam.RspamdClient;
import org.mxpack.core.spam.SpamAction;
import org.mxpack.core.spam.SpamRequest;
import org.mxpack.core.spam.SpamVerdict;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfVerdict;

/**
 * The end-of-DATA checks, in this order, stopping at the first refusal that is sent: size
 * ({@code 552 5.3.4}), DKIM requirement ({@code 550 5.7.20/21/22}), an SPF fail held by the MAIL stage
 * unless an author-aligned passing DKIM signature rescues it (RFC 7489 §10.1; {@code 550 5.7.23}),
 * DMARC ({@code 550 5.7.26} for p=reject, quarantine = accept and mark), forwardability of off-site
 * routes ({@link ForwardabilityCheck}: {@code 550 5.7.26 Cannot forward}, keep local, or forward), and
 * the rspamd content scan
 * ({@code 550 5.7.1} / {@code 451 4.7.1}, or accept with its headers).
 *
 * <p>DKIM verification (on the worker pool), the rspamd scan and, when the MAIL stage recorded no SPF
 * verdict, an SPF check all start at once; the DNS waits share the stage budget, the scan has its own.
 * A temporary failure never becomes a 5xx: a DMARC or DKIM refusal that an unanswered lookup could have
 * turned into a pass is the check's temporary reply instead (or an accept, per {@code <onDnsFailure>}).
 */
public final class MessagePolicy {
    public static final String SIZE = "size";
    public static final String DKIM = "dkim";
    public static final String SPF_HOLD = "spf-hold";
    public static final String DMARC = "dmarc";
    /** The ARC verdict's name among the transaction's verdicts ({@code mxpack.arc} on the mail). */
    public static final String ARC = "arc";
    public static final String SPAM = "spam";
    /** The fields a sender may have set to look scanned; removed whenever a scanner is configured. */
    static final HeaderEdit SENDER_SPAM_HEADERS = HeaderEdit.removePrefix("X-Spam-");
    /** Forwardability of off-site routes under DMARC ({@link ForwardabilityCheck}). */
    public static final String FORWARDABILITY = ForwardabilityCheck.CHECK;
    /** The MAIL stage's SPF verdict and held refusal (contract with the MAIL hook). */
    public static final String SPF = "spf";

    private final Services services;
    private final OrganizationalDomains orgs = OrganizationalDomains.guava();
    private final boolean checkTrusted;
    private final CheckSettings sizeSettings;
    private final long maxSize;
    private final CheckSettings dkimSettings;
    private final DkimRequirement requirement;
    private final List<String> requireFor;
    private final DkimVerifier verifier;
    private final CheckSettings dmarcSettings;
    private final DmarcEvaluator dmarc;
    private final SpfChecker spf;
    private final CheckSettings spamSettings;
    private final RspamdClient rspamd;
    private final OnDnsFailure spamOnFailure;
    private final ForwardabilityCheck forwardability;
    private final EarlyLookups early;
    /** ARC (RFC 8617), off unless mxpack.xml has {@code <arc><enabled>}: null when off. */
    private final ArcVerifier arcVerifier;
    private final ArcOverride arcOverride;

    /** The longest end of DATA waits for rspamd's verdict ({@code <spam><timeout>}). */
    public static final Duration DEFAULT_SPAM_TIMEOUT = Duration.ofSeconds(10);

    private MessagePolicy(Services services, ConfigSource config, PctSampler sampler, ArcSettings arc) {
        this.services = services;
        Knobs k = new Knobs(config);
        this.checkTrusted = k.bool("checkTrusted", false);
        this.maxSize = Sizes.parse(config, "size.maxSize", 0);
        this.sizeSettings = CheckSettings.readWithoutDns(k, SIZE, CheckSettings.of(maxSize > 0, true, OnDnsFailure.ACCEPT));
        this.dkimSettings = CheckSettings.read(k, DKIM, CheckSettings.of(true, true, OnDnsFailure.TEMPFAIL));
        this.requirement = k.choice("dkim.require", DkimRequirement.class, DkimRequirement.NONE);
        this.requireFor = new ArrayList<>();
        for (String d : config.values("dkim.requireFor")) {
            requireFor.add(d.trim().toLowerCase(Locale.ROOT).replaceAll("^\\.|\\.$", ""));
        }
        this.verifier = new DkimVerifier(services.dns(), DkimPolicy.defaults()
                .withMinRsaBits(k.integer("dkim.minRsaBits", DkimPolicy.DEFAULT_MIN_RSA_BITS, 512, 16384))
                .withAllowRsaSha1(k.bool("dkim.allowRsaSha1", DkimPolicy.DEFAULT_ALLOW_RSA_SHA1))
                .withMaxSignatures(k.integer("dkim.maxSignatures", DkimPolicy.DEFAULT_MAX_SIGNATURES, 1, 50))
                .withClock(services.clock()), services.workers());
        this.dmarcSettings = CheckSettings.read(k, DMARC, CheckSettings.of(true, true, OnDnsFailure.TEMPFAIL));
        this.dmarc = new DmarcEvaluator(services.dns(), orgs, sampler);
        this.forwardability = new ForwardabilityCheck(services, k, orgs);
        this.early = new EarlyLookups(verifier, dmarc, orgs);
        this.arcVerifier = arc.enabled() ? new ArcVerifier(services.dns(), verifier.policy(), services.workers()) : null;
        this.arcOverride = arc.trustedSealers().isEmpty() ? null : new ArcOverride(arc, orgs);
        this.spf = new SpfChecker(services.dns()).withReceiver(services.hostName())
                .withClock(services.clock());
        String url = k.string("spam.url", "");
        this.spamSettings = CheckSettings.readWithoutDns(k, SPAM, CheckSettings.of(!url.isEmpty(), true, OnDnsFailure.ACCEPT));
        this.spamOnFailure = k.choice("spam.onFailure", OnDnsFailure.class, OnDnsFailure.ACCEPT);
        Duration spamTimeout = k.duration("spam.timeout", DEFAULT_SPAM_TIMEOUT);
        Optional<String> spamPassword = config.value("spam.password").filter(p -> !p.isEmpty());
        this.rspamd = spamSettings.enabled() ? rspamd(config, url, spamTimeout, spamPassword) : null;
    }

    public static MessagePolicy read(Services services, ConfigSource config) {
        return new MessagePolicy(services, config, PctSampler.random(), ArcSettings.off());
    }

    /** With mxpack.xml's {@code <arc>}: chains verified and recorded, trusted sealers' local policy. */
    public static MessagePolicy read(Services services, ConfigSource config, ArcSettings arc) {
        return new MessagePolicy(services, config, PctSampler.random(), arc);
    }

    /** With a chosen DMARC {@code pct} sampler (tests). */
    public static MessagePolicy read(Services services, ConfigSource config, PctSampler sampler) {
        return new MessagePolicy(services, config, sampler, ArcSettings.off());
    }

    /** With a chosen DMARC {@code pct} sampler and {@code <arc>} settings (tests). */
    public static MessagePolicy read(Services services, ConfigSource config, PctSampler sampler, ArcSettings arc) {
        return new MessagePolicy(services, config, sampler, arc);
    }

    private static RspamdClient rspamd(ConfigSource config, String url, Duration timeout, Optional<String> password) {
        if (url.isEmpty()) {
            throw ConfigException.bad(config, "spam.url", url, "spam checks are enabled but no rspamd URL is set");
        }
        try {
            return new RspamdClient(new URI(url), timeout, password);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ConfigException.bad(config, "spam.url", url, e.getMessage());
        }
    }

    /**
     * At MAIL FROM: starts the lookups end of DATA will most likely need ({@link EarlyLookups});
     * nothing waits for them here.
     */
    public void onMail(SessionFacts facts, String sender) {
        facts.dmarcAtEndOfData(dmarcSettings.enabled());
        if (!facts.allowListed() && !(facts.trusted() && !checkTrusted)) {
            early.atMail(facts.dns(services), sender, dkimSettings.enabled() || dmarcSettings.enabled(),
                    dmarcSettings.enabled());
        }
    }

    /** When the client has sent the header section: starts its DKIM key and DMARC lookups. */
    public void onHeaders(SessionFacts facts, byte[] headerSection) {
        if (!facts.allowListed() && !(facts.trusted() && !checkTrusted)) {
            early.atHeaders(facts.dns(services), facts.sender().orElse(""), headerSection,
                    dkimSettings.enabled() || dmarcSettings.enabled() || facts.held(SPF).isPresent(),
                    dmarcSettings.enabled());
        }
    }

    /** Runs every enabled check on one message; see the class comment for the order. */
    public MessageOutcome onMessage(SessionFacts facts, MessageInput in) {
        MessageOutcome o = Decisions.timed(services, Stage.DATA, () -> onMessageNow(facts, in));
        // with a scanner configured, downstream filters read X-Spam-* as ours: a sender's own never stays,
        // whether this message was scanned, skipped (trusted) or rspamd failed
        return rspamd == null ? o : o.withFirst(SENDER_SPAM_HEADERS);
    }

    private MessageOutcome onMessageNow(SessionFacts facts, MessageInput in) {
        if (facts.allowListed() || (facts.trusted() && !checkTrusted)) {
            return MessageOutcome.accept();
        }
        long deadline = services.stageDeadline();
        SessionDns dns = facts.dns(services);
        Optional<SmtpReply> refusal = size(facts, in);
        if (refusal.isPresent()) {
            return MessageOutcome.refuse(refusal);
        }
        boolean needDkim = dkimSettings.enabled() || dmarcSettings.enabled() || facts.held(SPF).isPresent();
        // what waits on others starts first: ARC reads the body on a worker, rspamd and SPF over the network
        CompletableFuture<ArcVerdict> arcLookup = arcVerifier == null ? null
                : CompletableFuture.supplyAsync(() -> arcVerifier.withDns(dns).verify(in.message()), services.workers())
                        .thenCompose(f -> f);
        CompletableFuture<SpamVerdict> scan = rspamd == null ? null : rspamd.check(spamRequest(facts, in));
        Optional<SpfVerdict> recordedSpf = recordedSpf(facts);
        CompletableFuture<SpfVerdict> spfLookup = dmarcSettings.enabled() && recordedSpf.isEmpty()
                ? spf.withDns(dns).checkMailFrom(facts.client(), helo(facts, in), in.sender()) : null;
        // DKIM hashes the body on this thread, which waits for the verdicts anyway (handing small mail to a
        // worker and back cost more than hashing it); its keys were looked up when the header section came
        CompletableFuture<DkimVerdict> dkimLookup = needDkim ? verifier.withDns(dns).verify(in.message()) : null;
        AuthorDomains authors;
        try {
            authors = AuthorDomains.parse(in.message());
        } catch (IOException e) {
            // our spool failed us, not the client: 4xx, and the client keeps the message
            return MessageOutcome.refuse(Optional.of(ReplyTable.reply(Stage.DATA, Reason.BACKEND_ERROR,
                    "cannot read the message")));
        }

        Optional<DkimVerdict> dkim = dkimLookup == null ? Optional.empty()
                : Decisions.await(services, DKIM, dkimLookup, deadline);
        if (needDkim) {
            facts.verdictForTransaction(DKIM, dkim.orElse(DkimVerdict.unverifiable(
                    "verification did not finish within " + services.stageBudget().toMillis() + " ms")).toMap());
        }
        Optional<ArcVerdict> chain = arcLookup == null ? Optional.empty()
                : Optional.of(Decisions.await(services, ARC, arcLookup, deadline).orElse(ArcVerdict.unverifiable(
                        "verification did not finish within " + services.stageBudget().toMillis() + " ms", 0, "", "")));
        chain.ifPresent(v -> facts.verdictForTransaction(ARC, v.toMap()));
        refusal = dkim(facts, authors, dkim);
        if (refusal.isEmpty()) {
            refusal = heldSpf(facts, authors, dkim, chain);
        }
        if (refusal.isEmpty() && dmarcSettings.enabled()) {
            Optional<SpfVerdict> spfVerdict = recordedSpf.isPresent() ? recordedSpf
                    : Decisions.await(services, SPF, spfLookup, deadline);
            if (recordedSpf.isEmpty()) {
                spfVerdict.ifPresent(v -> facts.verdictForTransaction(SPF, v.toMap()));
            }
            DmarcCheck check = new DmarcCheck(services, dmarc.withDns(dns), orgs, dmarcSettings, arcOverride);
            refusal = check.run(facts, authors, dkim, spfVerdict, deadline, chain);
            if (refusal.isEmpty() && forwardability.enabled()) {
                refusal = forwardability.run(facts, check.verdicts(), dkim);
            }
        }
        if (refusal.isPresent()) {
            return MessageOutcome.refuse(refusal);
        }
        return scan == null ? MessageOutcome.accept() : spam(facts, scan);
    }

    private Optional<SmtpReply> size(SessionFacts facts, MessageInput in) {
        if (!sizeSettings.enabled() || maxSize <= 0) {
            return Optional.empty();
        }
        if (in.size() <= maxSize) {
            return Decisions.conclude(facts, services, sizeSettings, Scope.TRANSACTION, SIZE, Stage.DATA,
                    "pass", in.size() + " bytes", null);
        }
        String why = "message of " + in.size() + " bytes exceeds the limit of " + maxSize + " bytes";
        return Decisions.conclude(facts, services, sizeSettings, Scope.TRANSACTION, SIZE, Stage.DATA,
                "too-big", why, ReplyTable.reply(Stage.DATA, Reason.MESSAGE_TOO_BIG, why));
    }

    private Optional<SmtpReply> dkim(SessionFacts facts, AuthorDomains authors, Optional<DkimVerdict> verdict) {
        if (!dkimSettings.enabled()) {
            return Optional.empty();
        }
        DkimRequirement req = requiredFor(authors) ? requirement : DkimRequirement.NONE;
        Optional<Reason> unmet = verdict.isPresent() ? req.unmet(verdict.get(), authors.domains(), orgs)
                : req == DkimRequirement.NONE ? Optional.empty() : Optional.of(Reason.DKIM_TEMPERROR);
        String result = verdict.map(v -> v.result().keyword()).orElse("temperror");
        String why = verdict.map(DkimVerdict::reason).orElse("verification did not finish in time");
        SmtpReply refusal = null;
        if (unmet.isPresent() && unmet.get() == Reason.DKIM_TEMPERROR) {
            if (dkimSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
                refusal = ReplyTable.reply(Stage.DATA, Reason.DKIM_TEMPERROR, null);
            }
        } else if (unmet.isPresent()) {
            refusal = ReplyTable.reply(Stage.DATA, unmet.get(), dkimDetail(unmet.get(), verdict.get(), authors));
        }
        return Decisions.conclude(facts, services, dkimSettings, Scope.TRANSACTION, DKIM, Stage.DATA,
                result, why, refusal);
    }

    private static String dkimDetail(Reason reason, DkimVerdict verdict, AuthorDomains authors) {
        if (reason == Reason.DKIM_NOT_ACCEPTABLE) {
            return "no acceptable DKIM signature found: " + verdict.reason();
        }
        if (reason == Reason.DKIM_NOT_ALIGNED && !authors.isEmpty()) {
            return "no valid author-matched DKIM signature found for " + String.join(", ", authors.domains());
        }
        return null;
    }

    /** Whether the DKIM requirement applies: no {@code <requireFor>} list, or an author domain at or under one. */
    private boolean requiredFor(AuthorDomains authors) {
        if (requireFor.isEmpty()) {
            return true;
        }
        for (String author : authors.domains()) {
            for (String d : requireFor) {
                if (author.equals(d) || author.endsWith("." + d)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An SPF fail the MAIL stage held back: refuse now, unless every author domain has an aligned passing signature. */
    private Optional<SmtpReply> heldSpf(SessionFacts facts, AuthorDomains authors, Optional<DkimVerdict> verdict,
            Optional<ArcVerdict> chain) {
        Optional<SmtpReply> held = facts.held(SPF);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        CheckSettings settings = CheckSettings.of(true, true, dkimSettings.onDnsFailure());
        // a trusted forwarder saw the author authenticated: the SPF fail is the forward's, as DMARC will judge
        Optional<String> trusted = arcOverride == null || arcOverride.observeOnly() || authors.isEmpty()
                ? Optional.empty() : arcOverride.reason(chain.orElse(null), authors.domains().get(0));
        if (trusted.isPresent() && authors.domains().size() == 1) {
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, SPF_HOLD, Stage.DATA, "rescued",
                    "SPF fail rescued: " + trusted.get(), null);
        }
        List<String> rescuers = new ArrayList<>();
        boolean pending = verdict.isEmpty();
        for (String author : authors.domains()) {
            List<DkimSignatureVerdict> ok = verdict.isEmpty() ? List.of()
                    : DkimRequirement.alignedPassing(verdict.get(), author, orgs);
            if (ok.isEmpty()) {
                rescuers.clear();
                pending |= verdict.isPresent() && DkimRequirement.aligned(verdict.get(), author, orgs).stream()
                        .anyMatch(s -> s.result() == DkimResult.TEMPERROR);
                break;
            }
            rescuers.add(ok.get(0).normalizedDomain());
        }
        if (!rescuers.isEmpty()) {
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, SPF_HOLD, Stage.DATA, "rescued",
                    "SPF fail rescued by aligned DKIM d=" + String.join(",", rescuers) + " (RFC 7489 10.1)", null);
        }
        if (pending) {
            SmtpReply temp = settings.onDnsFailure() == OnDnsFailure.TEMPFAIL
                    ? ReplyTable.reply(Stage.DATA, Reason.DKIM_TEMPERROR,
                            "temporary error verifying the DKIM signature that could rescue a failed SPF check")
                    : null;
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, SPF_HOLD, Stage.DATA,
                    "temperror", "SPF fail; aligned DKIM signature could not be verified", temp);
        }
        return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, SPF_HOLD, Stage.DATA, "fail",
                "SPF fail held until DATA; no aligned passing DKIM signature", held.get());
    }

    private Optional<SpfVerdict> recordedSpf(SessionFacts facts) {
        Map<String, Object> m = facts.verdicts().get(SPF);
        if (m == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SpfVerdict.fromMap(m));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String helo(SessionFacts facts, MessageInput in) {
        return facts.helo().orElse(in.helo().orElse(""));
    }

    private SpamRequest spamRequest(SessionFacts facts, MessageInput in) {
        SpamRequest.Builder b = SpamRequest.builder(in.message())
                .ip(facts.client().getHostAddress())
                .helo(helo(facts, in))
                .mailFrom(in.sender())
                .recipients(in.recipients())
                .queueId(in.queueId().orElse(null));
        Map<String, Object> iprev = facts.verdicts().get(ClientPolicy.IPREV);
        if (iprev != null) {
            try {
                IprevVerdict v = IprevVerdict.fromMap(iprev);
                if (v.result() == IprevResult.PASS) {
                    b.hostname(v.name());
                }
            } catch (RuntimeException e) {
                // no usable iprev verdict: rspamd is told no host name, as for an unknown client
            }
        }
        return b.build();
    }

    private MessageOutcome spam(SessionFacts facts, CompletableFuture<SpamVerdict> scan) {
        Duration wait = rspamd.timeout().plusSeconds(1);
        SpamVerdict v = Decisions.await(scan, wait)
                .orElse(SpamVerdict.timeout("no answer within " + wait.toMillis() + " ms"));
        facts.verdictForTransaction(SPAM, v.toMap());
        if (!v.isScanned()) {
            SmtpReply temp = spamOnFailure == OnDnsFailure.TEMPFAIL
                    ? ReplyTable.reply(Stage.DATA, Reason.SPAM_SOFT, "content scanner unavailable, try again later")
                    : null;
            Optional<SmtpReply> r = Decisions.conclude(facts, services, spamSettings, Scope.TRANSACTION, SPAM,
                    Stage.DATA, v.status().name().toLowerCase(Locale.ROOT), v.reason(), temp);
            return MessageOutcome.refuse(r);
        }
        String score = "score " + score(v.score()) + ", required " + score(v.requiredScore());
        SmtpReply refusal = null;
        if (v.action() == SpamAction.REJECT) {
            refusal = ReplyTable.reply(Stage.DATA, Reason.SPAM_REJECT, "classified as spam (" + score + ")");
        } else if (v.action() == SpamAction.SOFT_REJECT || v.action() == SpamAction.GREYLIST) {
            refusal = ReplyTable.reply(Stage.DATA, Reason.SPAM_SOFT,
                    "classified as possible spam (" + score + "), try again later");
        }
        Optional<SmtpReply> r = Decisions.conclude(facts, services, spamSettings, Scope.TRANSACTION, SPAM, Stage.DATA,
                Knobs.name(v.action()), score, refusal);
        if (r.isPresent()) {
            return MessageOutcome.refuse(r);
        }
        return MessageOutcome.accept(spamHeaders(v),
                v.action() == SpamAction.REWRITE_SUBJECT ? v.subject().orElse(null) : null);
    }

    /**
     * rspamd's removals, then every instance of a header we are about to add (a sender must not be able
     * to pre-set {@code X-Spam-Status: No}), then the additions.
     */
    static List<HeaderEdit> spamHeaders(SpamVerdict v) {
        List<HeaderEdit> out = new ArrayList<>(v.headerRemovals());
        List<HeaderEdit> adds = v.headers();
        for (HeaderEdit add : adds) {
            HeaderEdit remove = HeaderEdit.remove(add.name(), 0);
            if (!out.contains(remove)) {
                out.add(remove);
            }
        }
        out.addAll(adds);
        return out;
    }

    /** Two decimals, as rspamd prints scores. */
    private static String score(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
