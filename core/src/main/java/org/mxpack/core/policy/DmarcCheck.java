package org.mxpack.core.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dmarc.AuthenticatedDomain;
import org.mxpack.core.dmarc.AuthorDomains;
import org.mxpack.core.dmarc.DmarcEvaluator;
import org.mxpack.core.dmarc.DmarcPolicy;
import org.mxpack.core.dmarc.DmarcResult;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;

/**
 * The DMARC part of the end-of-DATA stage: every author domain is evaluated (RFC 7489 §6.6.1) and the
 * strictest outcome applies. Decision results: {@code pass}, {@code none}, {@code permerror},
 * {@code temperror}, and for a fail its disposition after {@code pct}: {@code reject} (refused),
 * {@code quarantine} (accepted; the mark the mailets route on) or {@code fail} (p=none).
 *
 * <p>A fail that an unanswered lookup might have turned into a pass (a DKIM key or the SPF record of an
 * aligned domain temporarily unavailable, or DKIM not verified in time) is handled as temperror.
 */
final class DmarcCheck {
    private final Services services;
    private final DmarcEvaluator evaluator;
    private final OrganizationalDomains orgs;
    private final CheckSettings settings;
    private final List<DmarcVerdict> perAuthor = new ArrayList<>();
    private final ArcOverride arc;

    DmarcCheck(Services services, DmarcEvaluator evaluator, OrganizationalDomains orgs, CheckSettings settings) {
        this(services, evaluator, orgs, settings, null);
    }

    /** @param arc local policy over a DMARC reject for trusted ARC sealers; null: none */
    DmarcCheck(Services services, DmarcEvaluator evaluator, OrganizationalDomains orgs, CheckSettings settings,
            ArcOverride arc) {
        this.services = services;
        this.evaluator = evaluator;
        this.orgs = orgs;
        this.settings = settings;
        this.arc = arc;
    }

    Optional<SmtpReply> run(SessionFacts facts, AuthorDomains authors, Optional<DkimVerdict> dkim,
            Optional<SpfVerdict> spf, long deadline) {
        return run(facts, authors, dkim, spf, deadline, Optional.empty());
    }

    Optional<SmtpReply> run(SessionFacts facts, AuthorDomains authors, Optional<DkimVerdict> dkim,
            Optional<SpfVerdict> spf, long deadline, Optional<ArcVerdict> chain) {
        List<AuthenticatedDomain> spfIds = new ArrayList<>();
        spf.filter(v -> !v.domain().isEmpty())
                .ifPresent(v -> spfIds.add(AuthenticatedDomain.of(v.domain(), v.result() == SpfResult.PASS)));
        List<AuthenticatedDomain> dkimIds = new ArrayList<>();
        dkim.ifPresent(v -> v.signatures().stream().filter(s -> !s.normalizedDomain().isEmpty())
                .forEach(s -> dkimIds.add(AuthenticatedDomain.of(s.normalizedDomain(), s.isPass()))));
        if (authors.headerTooBig() || authors.tooMany()) {
            return unreadable(facts, authors);
        }
        DmarcVerdict verdict;
        if (authors.isEmpty()) {
            verdict = DmarcVerdict.permerror("", "", authors.problem());
        } else {
            List<CompletableFuture<DmarcVerdict>> runs = new ArrayList<>();
            for (String author : authors.domains()) {
                runs.add(evaluator.evaluate(author, spfIds, dkimIds));
            }
            verdict = null;
            for (int i = 0; i < runs.size(); i++) {
                String author = authors.domains().get(i);
                DmarcVerdict v = Decisions.await(services, MessagePolicy.DMARC, runs.get(i), deadline).orElse(DmarcVerdict.temperror(
                        author, orgs.organizationalDomain(author), "no answer within the stage budget"));
                perAuthor.add(v);
                verdict = verdict == null || rank(v) < rank(verdict) ? v : verdict;
            }
        }
        facts.verdictForTransaction(MessagePolicy.DMARC, verdict.toMap());
        boolean temporary = verdict.result() == DmarcResult.TEMPERROR
                || (verdict.disposition() == DmarcPolicy.REJECT && uncertain(verdict.headerFrom(), dkim, spf));
        String reason = verdict.reason() + (authors.problem().isEmpty() ? "" : "; " + authors.problem());
        if (temporary) {
            SmtpReply temp = settings.onDnsFailure() == OnDnsFailure.TEMPFAIL
                    ? ReplyTable.reply(Stage.DATA, Reason.DMARC_TEMPERROR,
                            "temporary error evaluating the policy of " + verdict.headerFrom() + ", try again later")
                    : null;
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, MessagePolicy.DMARC, Stage.DATA,
                    "temperror", reason, temp);
        }
        SmtpReply refusal = verdict.disposition() == DmarcPolicy.REJECT
                ? ReplyTable.dmarcReject(verdict.headerFrom(), DmarcPolicy.REJECT.keyword()) : null;
        Optional<String> override = refusal == null || arc == null ? Optional.empty()
                : arc.reason(chain.orElse(null), verdict.headerFrom());
        if (override.isPresent()) {
            if (arc.observeOnly()) {
                reason = reason + "; observe: would be accepted, " + override.get();
            } else {
                return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, MessagePolicy.DMARC,
                        Stage.DATA, "fail", reason + "; accepted: " + override.get(), null);
            }
        }
        return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, MessagePolicy.DMARC, Stage.DATA,
                result(verdict), reason, refusal);
    }

    /**
     * A message whose authors cannot all be evaluated is never accepted as if they had been: a header
     * section larger than mxpack reads ({@code 552 5.3.4}), or more distinct author domains than are
     * evaluated ({@code 554 5.6.0}, RFC 7489 §6.6.1 "reject as malformed"), recorded as permerror.
     */
    private Optional<SmtpReply> unreadable(SessionFacts facts, AuthorDomains authors) {
        SmtpReply refusal = authors.headerTooBig()
                ? ReplyTable.reply(Stage.DATA, Reason.HEADER_TOO_BIG,
                        "header section larger than " + AuthorDomains.MAX_HEADER_BYTES + " bytes")
                : ReplyTable.reply(Stage.DATA, Reason.TOO_MANY_AUTHORS, authors.distinct()
                        + " author domains in From; DMARC evaluates at most " + AuthorDomains.MAX_DOMAINS);
        facts.verdictForTransaction(MessagePolicy.DMARC,
                DmarcVerdict.permerror("", "", refusal.text()).toMap());
        return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, MessagePolicy.DMARC, Stage.DATA,
                "permerror", refusal.text(), refusal);
    }

    /** After {@link #run}: the verdict of every author domain (the forwardability check needs them all). */
    List<DmarcVerdict> verdicts() {
        return perAuthor;
    }

    /** The decision result keyword (see the class comment). */
    private static String result(DmarcVerdict v) {
        if (v.result() != DmarcResult.FAIL) {
            return v.result().keyword();
        }
        return v.disposition() == DmarcPolicy.NONE ? "fail" : v.disposition().keyword();
    }

    /** Strictest first: reject, quarantine, temperror, fail (p=none), permerror, none, pass. */
    private static int rank(DmarcVerdict v) {
        switch (v.result()) {
            case FAIL:
                return v.disposition() == DmarcPolicy.REJECT ? 0 : v.disposition() == DmarcPolicy.QUARANTINE ? 1 : 3;
            case TEMPERROR:
                return 2;
            case PERMERROR:
                return 4;
            case NONE:
                return 5;
            default:
                return 6;
        }
    }

    /** Whether a lookup that failed temporarily could have produced an aligned pass for {@code author}. */
    private boolean uncertain(String author, Optional<DkimVerdict> dkim, Optional<SpfVerdict> spf) {
        if (dkim.isEmpty() || spf.isEmpty() || dkim.get().incomplete()) {
            return true; // a DKIM pass may be missing because of our limits, not the sender
        }
        for (DkimSignatureVerdict s : DkimRequirement.aligned(dkim.get(), author, orgs)) {
            if (s.result() == DkimResult.TEMPERROR) {
                return true;
            }
        }
        SpfVerdict v = spf.get();
        return v.result() == SpfResult.TEMPERROR && !v.domain().isEmpty()
                && orgs.organizationalDomain(v.domain()).equals(orgs.organizationalDomain(author));
    }

}
