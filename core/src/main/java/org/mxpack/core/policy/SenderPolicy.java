package org.mxpack.core.policy;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.SessionDns;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.helo.HeloName;
import org.mxpack.core.lists.ReloadingList;
import org.mxpack.core.lists.SenderList;
import org.mxpack.core.lists.SenderRule;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;

/**
 * Checks of the envelope sender at MAIL FROM: the sender block list, null MX (RFC 7505), SPF for
 * the MAIL FROM identity (for the null sender that is {@code postmaster@<helo>}) and for the HELO
 * identity (RFC 7208 §2.3). Every lookup starts before any is awaited, on the shared workers, and
 * all are awaited within one stage budget.
 *
 * <p>Contract with the end-of-DATA stage: when it evaluates DMARC (MessageHook marks the session at
 * MAIL FROM, {@link SessionFacts#dmarcAtEndOfData()}), or with {@code <spf><holdFailUntilData>true}, an
 * SPF fail is not refused here but held as {@code facts.held("spf")}, so that an aligned passing DKIM
 * signature can rescue it (RFC 7489 §10.1); {@code false} refuses here always. The MAIL FROM verdict map is always
 * {@code facts.verdicts().get("spf")} (the HELO one {@code "spf-helo"}).
 */
public final class SenderPolicy {
    public static final String SENDER_LIST = "sender-list";
    public static final String NULL_MX = "null-mx";
    public static final String SPF = "spf";
    public static final String SPF_HELO = "spf-helo";

    private final Services services;
    private final boolean checkTrusted;
    private final ReloadingList<SenderList> senders;
    private final CheckSettings senderSettings;
    private final CheckSettings nullMxSettings;
    private final CheckSettings spfSettings;
    private final CheckSettings spfHeloSettings;
    /** Per check (spf, spf-helo): what each SPF result does; temperror follows onDnsFailure, pass accepts. */
    private final Map<String, Map<SpfResult, SpfAction>> actions = new java.util.HashMap<>();
    private final Optional<Boolean> holdFail;
    private final SpfChecker spf;

    private SenderPolicy(Services services, ConfigSource config, FileResolver files) {
        this.services = services;
        Knobs k = new Knobs(config);
        this.checkTrusted = k.bool("checkTrusted", false);
        this.senders = senderList(config, files);
        this.senderSettings = CheckSettings.readWithoutDns(k, "senderList", CheckSettings.of(true, true, OnDnsFailure.ACCEPT));
        this.nullMxSettings = CheckSettings.read(k, "nullMx", CheckSettings.of(true, true, OnDnsFailure.ACCEPT));
        this.spfSettings = CheckSettings.read(k, "spf", CheckSettings.of(true, true, OnDnsFailure.TEMPFAIL));
        this.spfHeloSettings = CheckSettings.read(k, "spfHelo", CheckSettings.of(true, false, OnDnsFailure.ACCEPT));
        // temperror is governed by <onDnsFailure> (never a 5xx); pass is always accepted
        actions.put(SPF, spfActions(k, "spf"));
        actions.put(SPF_HELO, spfActions(k, "spfHelo"));
        // absent: hold when the end-of-DATA stage evaluates DMARC (it says so at MAIL FROM); true/false: always/never
        this.holdFail = config.value("spf.holdFailUntilData").filter(v -> !v.isEmpty()).isPresent()
                ? Optional.of(k.bool("spf.holdFailUntilData", false)) : Optional.empty();
        this.spf = new SpfChecker(services.dns()).withReceiver(services.hostName());
    }

    private static Map<SpfResult, SpfAction> spfActions(Knobs k, String prefix) {
        Map<SpfResult, SpfAction> m = new EnumMap<>(SpfResult.class);
        m.put(SpfResult.FAIL, k.choice(prefix + ".onFail", SpfAction.class, SpfAction.REJECT));
        m.put(SpfResult.SOFTFAIL, k.choice(prefix + ".onSoftfail", SpfAction.class, SpfAction.ACCEPT));
        m.put(SpfResult.NEUTRAL, k.choice(prefix + ".onNeutral", SpfAction.class, SpfAction.ACCEPT));
        m.put(SpfResult.NONE, k.choice(prefix + ".onNone", SpfAction.class, SpfAction.ACCEPT));
        m.put(SpfResult.PERMERROR, k.choice(prefix + ".onPermerror", SpfAction.class, SpfAction.ACCEPT));
        return m;
    }

    public static SenderPolicy read(Services services, ConfigSource config, FileResolver files) {
        return new SenderPolicy(services, config, files);
    }

    private static ReloadingList<SenderList> senderList(ConfigSource config, FileResolver files) {
        return ListKnobs.read(config, files, "sender", "senderFile", SenderList::parse, SenderList::read,
                SenderList::plus);
    }

    /**
     * HELO/EHLO: starts the SPF check of the HELO identity, which depends on nothing else, so that
     * MAIL FROM finds it answered. Nothing waits for it here.
     */
    public void onHelo(SessionFacts facts, String helo) {
        String h = helo == null ? "" : helo.trim();
        if (spfHeloSettings.enabled() && facts.checked() && HeloName.isDomain(h.toLowerCase(Locale.ROOT))) {
            heloSpf(facts, h);
        }
    }

    /** The HELO identity's SPF check, started once per connection and HELO name. */
    private CompletableFuture<SpfVerdict> heloSpf(SessionFacts facts, String helo) {
        return facts.lookup(SPF_HELO + " " + helo.toLowerCase(Locale.ROOT),
                () -> spf.withDns(facts.dns(services)).checkHelo(facts.client(), helo));
    }

    /**
     * MAIL FROM. Starts a new transaction in {@code facts}, then runs the checks.
     *
     * @param sender the envelope sender without brackets, {@code ""} for the null sender
     * @param helo   the HELO/EHLO name the server accepted (falls back to the one in {@code facts})
     * @return the refusal to send, empty to accept
     */
    public Optional<SmtpReply> onMail(SessionFacts facts, String sender, String helo) {
        return Decisions.timed(services, Stage.MAIL, () -> onMailNow(facts, sender, helo));
    }

    private Optional<SmtpReply> onMailNow(SessionFacts facts, String sender, String helo) {
        String from = sender == null ? "" : sender.trim();
        facts.beginTransaction(from);
        if (checkTrusted ? facts.allowListed() : !facts.checked()) {
            return Optional.empty();
        }
        String h = helo != null && !helo.trim().isEmpty() ? helo.trim() : facts.helo().orElse("");
        Optional<SmtpReply> refusal = senderList(facts, from);
        if (refusal.isPresent()) {
            return refusal;
        }
        // start every lookup before waiting for any: they overlap on the workers
        long deadline = services.stageDeadline();
        SessionDns dns = facts.dns(services);
        String domain = domainOf(from);
        CompletableFuture<NullMx.Result> mx = nullMxSettings.enabled() && !domain.isEmpty()
                ? NullMx.check(dns, domain) : null;
        CompletableFuture<SpfVerdict> mailFrom = spfSettings.enabled()
                ? spf.withDns(dns).checkMailFrom(facts.client(), h, from) : null;
        // for the null sender the MAIL FROM check above already is the HELO identity
        CompletableFuture<SpfVerdict> heloSpf = spfHeloSettings.enabled() && !from.isEmpty()
                && HeloName.isDomain(h.toLowerCase(Locale.ROOT)) ? heloSpf(facts, h) : null;

        refusal = nullMx(facts, from, domain, mx, deadline);
        if (refusal.isEmpty() && mailFrom != null) {
            refusal = spf(facts, SPF, spfSettings, mailFrom, deadline, SpfIdentity.MAILFROM, from, h,
                    holdFail.orElse(facts.dmarcAtEndOfData()));
        }
        if (refusal.isEmpty() && heloSpf != null) {
            refusal = spf(facts, SPF_HELO, spfHeloSettings, heloSpf, deadline, SpfIdentity.HELO, "", h, false);
        }
        return refusal;
    }

    private Optional<SmtpReply> senderList(SessionFacts facts, String sender) {
        if (!senderSettings.enabled() || senders.get().size() == 0) {
            return Optional.empty();
        }
        Optional<SenderRule> rule = senders.get().match(sender);
        if (rule.isEmpty()) {
            return Decisions.conclude(facts, services, senderSettings, Scope.TRANSACTION, SENDER_LIST, Stage.MAIL,
                    "pass", "not listed", null);
        }
        String detail = "<" + sender + "> matches rule " + rule.get().text();
        return Decisions.conclude(facts, services, senderSettings, Scope.TRANSACTION, SENDER_LIST, Stage.MAIL,
                "listed", rule.get().toString(), ReplyTable.reply(Stage.MAIL, Reason.SENDER_BLOCKED, detail));
    }

    private Optional<SmtpReply> nullMx(SessionFacts facts, String sender, String domain,
            CompletableFuture<NullMx.Result> lookup, long deadline) {
        if (lookup == null) {
            return Optional.empty();
        }
        NullMx.Result r = Decisions.await(services, NULL_MX, lookup, deadline).orElse(NullMx.Result.TEMPERROR);
        SmtpReply refusal = null;
        if (r == NullMx.Result.NULL_MX) {
            refusal = ReplyTable.nullMx(Stage.MAIL, sender, domain);
        } else if (r == NullMx.Result.TEMPERROR && nullMxSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
            refusal = ReplyTable.reply(Stage.MAIL, Reason.DNS_TIMEOUT, "looking up the MX of " + domain);
        }
        return Decisions.conclude(facts, services, nullMxSettings, Scope.TRANSACTION, NULL_MX, Stage.MAIL,
                r.keyword(), "MX of " + domain, refusal);
    }

    private Optional<SmtpReply> spf(SessionFacts facts, String check, CheckSettings settings,
            CompletableFuture<SpfVerdict> lookup, long deadline, SpfIdentity identity, String from, String helo,
            boolean mayHold) {
        java.time.Duration wait = Decisions.untilDeadline(deadline);
        SpfVerdict v = Decisions.await(services, check, lookup, deadline).orElseGet(() -> SpfVerdict.of(SpfResult.TEMPERROR, identity,
                identity == SpfIdentity.HELO || from.isEmpty() ? helo : domainOf(from),
                facts.client().getHostAddress(), helo, from, "", "", "no answer within " + wait.toMillis() + " ms"));
        facts.verdictForTransaction(check, v.toMap());
        SmtpReply refusal = refusal(v, settings, actions.get(check));
        String reason = !v.problem().isEmpty() ? v.problem()
                : !v.mechanism().isEmpty() ? "mechanism " + v.mechanism() : v.domain();
        if (mayHold && refusal != null && v.result() == SpfResult.FAIL && refusal.isPermanent() && settings.reject()) {
            // RFC 7489 §10.1: an aligned passing DKIM signature may still rescue it at end of DATA
            facts.hold(SPF, refusal);
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, check, Stage.MAIL,
                    v.result().keyword(), "held until end of DATA: " + refusal, null);
        }
        return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, check, Stage.MAIL,
                v.result().keyword(), reason, refusal);
    }

    /** The reply the admin's per-result choice asks for, or null to accept. */
    private SmtpReply refusal(SpfVerdict v, CheckSettings settings, Map<SpfResult, SpfAction> actions) {
        String d = v.domain();
        String ip = v.clientIp();
        if (v.result() == SpfResult.PASS) {
            return null;
        }
        if (v.result() == SpfResult.TEMPERROR) {
            return settings.onDnsFailure() == OnDnsFailure.TEMPFAIL ? ReplyTable.spfTemperror(Stage.MAIL, d) : null;
        }
        switch (actions.get(v.result())) {
            case TEMPFAIL:
                return ReplyTable.reply(Stage.MAIL, Reason.SPF_TEMPERROR,
                        d + " gives " + ip + " the SPF result " + v.result().keyword() + ", try again later");
            case REJECT:
                return permanent(v);
            default:
                return null;
        }
    }

    private static SmtpReply permanent(SpfVerdict v) {
        String d = v.domain();
        String ip = v.clientIp();
        switch (v.result()) {
            case FAIL:
                return ReplyTable.spfFail(Stage.MAIL, d, ip);
            case PERMERROR:
                return ReplyTable.spfPermerror(Stage.MAIL, d, v.problem());
            case SOFTFAIL:
                return ReplyTable.reply(Stage.MAIL, Reason.SPF_FAIL,
                        d + " does not designate " + ip + " as permitted sender (softfail)");
            case NEUTRAL:
                return ReplyTable.reply(Stage.MAIL, Reason.SPF_FAIL,
                        d + " neither permits nor denies " + ip + " (neutral)");
            default:
                return ReplyTable.reply(Stage.MAIL, Reason.SPF_FAIL, d + " publishes no SPF record (none)");
        }
    }

    private static String domainOf(String sender) {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1).toLowerCase(Locale.ROOT);
    }

}
