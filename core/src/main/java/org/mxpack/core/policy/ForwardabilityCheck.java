package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dmarc.DmarcPolicy;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.routes.ForwardAction;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.core.routes.Route;

/**
 * Forwardability, at end of DATA after DMARC: will the copies we forward off-site survive DMARC at
 * the next hop? Forwarding loses SPF alignment (the envelope sender becomes our SRS address, or the
 * next hop sees our IP), so only an aligned passing DKIM signature carries DMARC there. A message
 * whose author domain publishes {@code p=reject} (the requested policy, whatever {@code pct}) and that
 * has no such signature would be refused downstream, and the bounce would come back to us.
 *
 * <p>Which recipients forward off-site comes from the RCPT stage's {@value RecipientPolicy#ROUTES}
 * verdict: any route with remote destinations (a RecipientRewriteTable forward, a catch-all or domain
 * alias to an off-site address: {@code <onForward>}; a relay domain: {@code <onRelay>}). SRS bounces
 * are never held back. The per-author DMARC verdicts come from {@link DmarcCheck}, so DMARC must be
 * enabled (observe mode is enough).
 *
 * <p>Decision {@value #CHECK}: {@code forwardable}, {@code temperror}, or the strictest action applied
 * ({@code reject}, {@code local}, {@code forward}). When an affected message is accepted, the
 * {@link Forwardability} verdict (the mailets' contract) is recorded as method verdict {@value #CHECK}.
 */
final class ForwardabilityCheck {
    static final String CHECK = "forwardability";
    static final String FORWARDABLE = "forwardable";
    static final String TEMPERROR = "temperror";

    private final Services services;
    private final OrganizationalDomains orgs;
    private final CheckSettings settings;
    private final ForwardAction onForward;
    private final ForwardAction onRelay;

    ForwardabilityCheck(Services services, Knobs k, OrganizationalDomains orgs) {
        this.services = services;
        this.orgs = orgs;
        this.settings = CheckSettings.read(k, CHECK, CheckSettings.of(true, true, OnDnsFailure.TEMPFAIL));
        this.onForward = k.choice(CHECK + ".onForward", ForwardAction.class, ForwardAction.REJECT);
        this.onRelay = k.choice(CHECK + ".onRelay", ForwardAction.class, ForwardAction.FORWARD);
        if (onRelay == ForwardAction.LOCAL) {
            throw ConfigException.bad(k.source(), CHECK + ".onRelay", "local",
                    "a relay domain has no mailbox here; use reject or forward");
        }
    }

    boolean enabled() {
        return settings.enabled();
    }

    Optional<SmtpReply> run(SessionFacts facts, List<DmarcVerdict> authors, Optional<DkimVerdict> dkim) {
        Map<String, ForwardAction> offsite = offsite(facts);
        if (offsite.isEmpty()) {
            return Optional.empty();
        }
        List<String> failing = new ArrayList<>();
        boolean uncertain = false;
        for (DmarcVerdict v : authors) {
            String author = v.headerFrom();
            if (v.policy() != DmarcPolicy.REJECT || author.isEmpty()) {
                continue;
            }
            if (dkim.isPresent() && !DkimRequirement.alignedPassing(dkim.get(), author, orgs).isEmpty()) {
                continue;
            }
            if (dkim.isEmpty() || DkimRequirement.aligned(dkim.get(), author, orgs).stream()
                    .anyMatch(s -> s.result() == DkimResult.TEMPERROR)) {
                uncertain = true; // DKIM not verified in time, or an aligned key lookup failed for now
            } else {
                failing.add(author);
            }
        }
        if (!failing.isEmpty()) {
            return affected(facts, offsite, failing);
        }
        if (uncertain) {
            boolean matters = offsite.values().stream().anyMatch(a -> a != ForwardAction.FORWARD);
            SmtpReply temp = matters && settings.onDnsFailure() == OnDnsFailure.TEMPFAIL
                    ? ReplyTable.reply(Stage.DATA, Reason.DKIM_TEMPERROR, "temporary error verifying the DKIM "
                            + "signature this message needs to be forwarded, try again later")
                    : null;
            return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, CHECK, Stage.DATA, TEMPERROR,
                    "p=reject author; its aligned DKIM signature could not be verified", temp);
        }
        return Decisions.conclude(facts, services, settings, Scope.TRANSACTION, CHECK, Stage.DATA, FORWARDABLE,
                "no p=reject author without an aligned passing DKIM signature", null);
    }

    private Optional<SmtpReply> affected(SessionFacts facts, Map<String, ForwardAction> offsite,
            List<String> failing) {
        Forwardability wanted = Forwardability.of(offsite, failing, String.join(", ", failing)
                + " publishes DMARC p=reject and no DKIM signature aligned with it passes; forwarding loses SPF");
        String reject = offsite.entrySet().stream().filter(e -> e.getValue() == ForwardAction.REJECT)
                .map(Map.Entry::getKey).findFirst().orElse(null);
        SmtpReply refusal = reject == null ? null : ReplyTable.reply(Stage.DATA, Reason.FORWARD_DMARC,
                "message from " + failing.get(0) + " (DMARC p=reject) has no aligned DKIM signature, so its "
                        + "copy forwarded for <" + reject + "> would be refused");
        boolean observed = services.shadow() || !settings.reject();
        Optional<SmtpReply> sent = Decisions.conclude(facts, services, settings, Scope.TRANSACTION, CHECK,
                Stage.DATA, wanted.result().keyword(), wanted.reason()
                        + (observed && wanted.result() != ForwardAction.FORWARD ? " (observe only: forwarded)" : ""),
                refusal);
        if (sent.isPresent()) {
            return sent;
        }
        Map<String, ForwardAction> applied = new LinkedHashMap<>();
        offsite.forEach((r, a) -> applied.put(r, observed || a == ForwardAction.REJECT ? ForwardAction.FORWARD : a));
        facts.verdictForTransaction(CHECK, Forwardability.of(applied, failing, wanted.reason()).toMap());
        return Optional.empty();
    }

    /** Accepted recipients whose route has off-site destinations, with the admin's action for its kind. */
    private Map<String, ForwardAction> offsite(SessionFacts facts) {
        Map<String, ForwardAction> out = new LinkedHashMap<>();
        Object routes = facts.verdicts().get(RecipientPolicy.ROUTES);
        if (!(routes instanceof Map)) {
            return out;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) routes).entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                continue;
            }
            Map<?, ?> route = (Map<?, ?>) e.getValue();
            Route.Kind kind;
            try {
                kind = Route.Kind.fromKeyword(String.valueOf(route.get("kind")));
            } catch (IllegalArgumentException ex) {
                continue;
            }
            Object remote = route.get("remote");
            if (kind != Route.Kind.SRS_BOUNCE && remote instanceof List && !((List<?>) remote).isEmpty()) {
                out.put(String.valueOf(e.getKey()), kind == Route.Kind.RELAY ? onRelay : onForward);
            }
        }
        return out;
    }
}
