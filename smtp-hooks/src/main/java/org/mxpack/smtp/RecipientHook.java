package org.mxpack.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.mxpack.core.policy.RecipientPolicy;
import org.mxpack.james.HandlerConfig;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.MxpackRuntime;

/**
 * RCPT TO ({@link RecipientPolicy}): a route for the recipient here (the shared
 * {@link JamesRouteResolver}), bounces to our SRS addresses (mxpack.xml {@code <srs>}), and the
 * recipient limit of the transaction. Replaces James's {@code ValidRcptHandler}. Knobs: operator
 * guide, section "RCPT TO checks".
 */
public final class RecipientHook implements RcptHook {
    private final MxpackRuntime runtime;
    private final JamesRouteResolver resolver;
    private volatile RecipientPolicy policy;

    @Inject
    public RecipientHook(MxpackRuntime runtime, JamesRouteResolver resolver) {
        this.runtime = runtime;
        this.resolver = resolver;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        policy = HandlerConfig.read(config, RecipientHook.class,
                c -> RecipientPolicy.read(runtime.services(), c, resolver, runtime.srs()));
    }

    // Override this variant: RcptHook's other doRcpt defaults call each other (DESIGN.md §2).
    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        RecipientPolicy.Outcome outcome = policy.onRcpt(Sessions.facts(session), rcpt.asString());
        if (outcome.refusal().isPresent()) {
            return HookReplies.refuse(outcome.refusal().get());
        }
        if (outcome.acceptForeignDomain()) {
            // A relay domain of mxpack.xml (or our SRS domain, for a verified bounce) is not in James's
            // DomainList, so James's relay check (AuthRequiredToRelayRcptHook) would answer 550
            // "relaying denied". This route is an explicit admin decision to accept that domain, so
            // here - and only here - OK is right.
            return HookResult.OK;
        }
        return HookReplies.accept();
    }
}
