package org.mxpack.core.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.routes.Addresses;
import org.mxpack.core.routes.Route;
import org.mxpack.core.routes.RouteResolver;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsAddress;
import org.mxpack.core.srs.SrsResult;
import org.mxpack.core.verdict.SmtpContext;

/**
 * RCPT TO: is there a route for this recipient here ({@link RouteResolver}), and is the transaction
 * still under its recipient limit? Decisions are per transaction; a transaction has several
 * recipients, so the decision of each check is the one of its latest recipient and every log line
 * names its recipient. The routes of accepted recipients are kept as the transaction's
 * {@value #ROUTES} verdict ({@code recipient -> Route.toMap()}) for the mailets.
 *
 * <p>Trusted clients (relaying allowed, authenticated) may send anywhere: a recipient of a domain
 * that is not ours is not refused here (James's relay check decides), but an unknown user of a local
 * domain still is. Allow-listed clients are exempt from spam checks, not from routing: their unknown
 * recipients are refused too, so nothing is accepted only to bounce.
 *
 * <p>SRS bounces (when mxpack.xml configures {@code <srs>}): a recipient that is an SRS address at our
 * SRS domain is not looked up but validated ({@link Srs#reverse} at the services' clock): a forged,
 * malformed or expired one is refused {@code 550 5.1.1} (check {@value #SRS}), a valid one gets an
 * {@link Route.Kind#SRS_BOUNCE} route to the reversed address, accepted like a relay domain (the SRS
 * domain need not be in James's DomainList). SRS addresses of other domains are ordinary recipients.
 * In observe mode ({@code <srs><reject>false}) an invalid but well-formed one is routed to the
 * address it claims, as if it had not been checked.
 */
public final class RecipientPolicy {
    public static final String ROUTE = "route";
    public static final String RECIPIENT_LIMIT = "recipient-limit";
    public static final String ROUTES = "routes";
    public static final String SRS = "srs";
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final String REFUSED_RECIPIENTS = "refused-recipients";
    public static final int DEFAULT_MAX_REFUSED_RECIPIENTS = 10;
    private static final CheckSettings GUESSING = CheckSettings.of(true, true, OnDnsFailure.ACCEPT);

    private final Services services;
    private final RouteResolver resolver;
    private final CheckSettings routeSettings;
    private final CheckSettings limitSettings;
    private final int maxRecipients;
    private final int maxRefused;
    private final Optional<Srs> srs;
    private final CheckSettings srsSettings;

    private RecipientPolicy(Services services, ConfigSource config, RouteResolver resolver, Optional<Srs> srs) {
        this.services = services;
        this.resolver = resolver;
        this.srs = srs;
        Knobs k = new Knobs(config);
        this.srsSettings = CheckSettings.of(k.bool("srs.enabled", true), k.bool("srs.reject", true),
                OnDnsFailure.ACCEPT);
        String failure = config.value("route.onBackendFailure").orElse("");
        if (failure.trim().equalsIgnoreCase("reject")) {
            throw ConfigException.bad(config, "route.onBackendFailure", failure,
                    "a backend failure never gives a 5xx; use tempfail or accept");
        }
        this.routeSettings = CheckSettings.of(k.bool("route.enabled", true), k.bool("route.reject", true),
                k.choice("route.onBackendFailure", OnDnsFailure.class, OnDnsFailure.TEMPFAIL));
        this.limitSettings = CheckSettings.of(k.bool("recipientLimit.enabled", true),
                k.bool("recipientLimit.reject", true), OnDnsFailure.ACCEPT);
        this.maxRecipients = k.integer("recipientLimit.max", DEFAULT_MAX_RECIPIENTS, 1, 100_000);
        this.maxRefused = k.integer("maxRefusedRecipients", DEFAULT_MAX_REFUSED_RECIPIENTS, 0, 100_000);
    }

    /** Without SRS: no address is treated as an SRS bounce of ours. */
    public static RecipientPolicy read(Services services, ConfigSource config, RouteResolver resolver) {
        return new RecipientPolicy(services, config, resolver, Optional.empty());
    }

    /** @param srs mxpack.xml's SRS ({@code SrsSettings.read}); empty when SRS is off */
    public static RecipientPolicy read(Services services, ConfigSource config, RouteResolver resolver,
            Optional<Srs> srs) {
        return new RecipientPolicy(services, config, resolver, srs);
    }

    /** The verdict on one RCPT TO. */
    public Outcome onRcpt(SessionFacts facts, String recipient) {
        return Decisions.timed(services, Stage.RCPT, () -> onRcptNow(facts, recipient));
    }

    private Outcome onRcptNow(SessionFacts facts, String recipient) {
        String rcpt = Addresses.strip(recipient);
        SmtpContext context = facts.context().withRecipient(rcpt);
        Optional<SmtpReply> refusal = limit(facts, rcpt, context);
        Route route = null;
        boolean verified = true;
        if (refusal.isEmpty() && isOurSrs(rcpt)) {
            Outcome bounce = srsBounce(facts, rcpt, context);
            refusal = bounce.refusal();
            route = bounce.route;
            verified = bounce.verified;
        } else if (refusal.isEmpty() && routeSettings.enabled()) {
            route = Decisions.await(services, ROUTE, resolver.resolve(rcpt))
                    .orElseGet(() -> Route.tempfail(rcpt, "no answer within " + services.stageBudget().toMillis() + " ms"));
            refusal = route(facts, route, context);
        }
        if (refusal.isEmpty()) {
            facts.recipientAccepted();
            if (route != null && route.routable()) {
                remember(facts, route);
            }
        } else if (refusal.get().isPermanent()) {
            refusal = guessing(facts, facts.recipientRefused(), refusal.get(), context);
        }
        return new Outcome(refusal, route, verified);
    }

    /**
     * The {@code maxRefusedRecipients}-th refused recipient of a connection closes it with 421 4.7.0
     * (like Postfix's error limits): a client guessing users or SRS hashes gets a handful of tries per
     * connection, not thousands.
     */
    private Optional<SmtpReply> guessing(SessionFacts facts, int refused, SmtpReply refusal, SmtpContext context) {
        if (maxRefused <= 0 || refused < maxRefused) {
            return Optional.of(refusal);
        }
        SmtpReply close = ReplyTable.reply(Stage.RCPT, Reason.TOO_MANY_REFUSED_RECIPIENTS,
                refused + " refused recipients, closing the connection");
        Optional<SmtpReply> sent = Decisions.conclude(facts, services, GUESSING, Scope.TRANSACTION,
                REFUSED_RECIPIENTS, Stage.RCPT, "exceeded", refused + " refused, at most " + maxRefused, close, context);
        return sent.isPresent() ? sent : Optional.of(refusal);
    }

    private Optional<SmtpReply> limit(SessionFacts facts, String rcpt, SmtpContext context) {
        if (!limitSettings.enabled()) {
            return Optional.empty();
        }
        int n = facts.recipients() + 1;
        SmtpReply refusal = n > maxRecipients
                ? ReplyTable.reply(Stage.RCPT, Reason.TOO_MANY_RECIPIENTS,
                        "at most " + maxRecipients + " per message, send the rest in another transaction")
                : null;
        return Decisions.conclude(facts, services, limitSettings, Scope.TRANSACTION, RECIPIENT_LIMIT, Stage.RCPT,
                refusal == null ? "pass" : "exceeded", "recipient " + n + " of at most " + maxRecipients,
                refusal, context);
    }

    private Optional<SmtpReply> route(SessionFacts facts, Route route, SmtpContext context) {
        SmtpReply refusal = null;
        String reason = route.reason();
        switch (route.kind()) {
            case NONE:
                if (route.localDomain() && isPostmaster(route.recipient())) {
                    // RFC 5321 4.5.1: every domain that takes mail must accept postmaster; James's
                    // postmaster handling (PostmasterAlias) delivers it
                    reason = "postmaster of a local domain is always accepted (RFC 5321 4.5.1)";
                } else if (facts.trusted() && !route.localDomain()) {
                    reason = "trusted client may relay; James's relay check decides (" + reason + ")";
                } else {
                    refusal = ReplyTable.noRoute(route.recipient());
                }
                break;
            case TEMPFAIL:
                if (routeSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
                    refusal = ReplyTable.reply(Stage.RCPT, Reason.BACKEND_ERROR, "cannot look up <"
                            + route.recipient() + "> now, try again later");
                }
                break;
            default:
                break;
        }
        return Decisions.conclude(facts, services, routeSettings, Scope.TRANSACTION, ROUTE, Stage.RCPT,
                route.kind().keyword(), reason, refusal, context);
    }

    private static boolean isPostmaster(String rcpt) {
        int at = rcpt.lastIndexOf('@');
        return at > 0 && rcpt.substring(0, at).equalsIgnoreCase("postmaster");
    }

    private boolean isOurSrs(String rcpt) {
        return srsSettings.enabled() && srs.isPresent() && SrsAddress.isOurs(rcpt, srs.get().config().domain());
    }

    /**
     * Validates a bounce to our SRS domain. Valid: an SRS_BOUNCE route to the reversed address. Invalid:
     * refused; observed only, a well-formed one is routed to the address it claims, a malformed one has
     * no route (and is refused by James's relay check unless the SRS domain is one of its domains).
     */
    private Outcome srsBounce(SessionFacts facts, String rcpt, SmtpContext context) {
        SrsResult r = srs.get().reverse(rcpt, services.clock().instant());
        if (r.ok()) {
            return new Outcome(Decisions.conclude(facts, services, srsSettings, Scope.TRANSACTION, SRS, Stage.RCPT,
                    r.outcome().keyword(), "bounce goes back to " + r.address(), null, context),
                    Route.srsBounce(rcpt, r.address(), "valid SRS address of ours"));
        }
        String why = r.reason();
        Optional<SmtpReply> refusal = Decisions.conclude(facts, services, srsSettings, Scope.TRANSACTION, SRS,
                Stage.RCPT, r.error().map(e -> e.keyword()).orElse(r.outcome().keyword()), why,
                ReplyTable.srsInvalid(rcpt), context);
        return new Outcome(refusal, SrsAddress.parse(rcpt)
                .map(a -> Route.srsBounce(rcpt, a.unwrapped(), "SRS address NOT verified (observe only): " + why))
                .orElseGet(() -> Route.none(rcpt, false, why)), false);
    }

    private static void remember(SessionFacts facts, Route route) {
        Map<String, Object> routes = new LinkedHashMap<>();
        Object earlier = facts.verdicts().get(ROUTES);
        if (earlier instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) earlier).entrySet()) {
                routes.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        routes.put(route.recipient(), route.toMap());
        facts.verdictForTransaction(ROUTES, routes);
    }

    /** What the hook does with one RCPT TO. */
    public static final class Outcome {
        private final Optional<SmtpReply> refusal;
        private final Route route;
        /** False for an SRS bounce accepted in observe mode only: it must still pass James's relay check. */
        private final boolean verified;

        Outcome(Optional<SmtpReply> refusal, Route route) {
            this(refusal, route, true);
        }

        Outcome(Optional<SmtpReply> refusal, Route route, boolean verified) {
            this.refusal = refusal;
            this.route = route;
            this.verified = verified;
        }

        /** The reply to send now; empty: accept. */
        public Optional<SmtpReply> refusal() {
            return refusal;
        }

        /** The route found, if the route check ran. */
        public Optional<Route> route() {
            return Optional.ofNullable(route);
        }

        /**
         * Accepted for a domain James does not hold (a relay domain, the source of a domain alias):
         * James's own relay check would refuse it, so the hook must accept it itself. Only ever true
         * for a route mxpack resolved, never for an arbitrary domain.
         */
        public boolean acceptForeignDomain() {
            return refusal.isEmpty() && route != null && route.routable() && !route.localDomain() && verified;
        }
    }
}
