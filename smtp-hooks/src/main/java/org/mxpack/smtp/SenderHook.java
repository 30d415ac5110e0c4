package org.mxpack.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.mxpack.core.policy.SenderPolicy;
import org.mxpack.james.HandlerConfig;
import org.mxpack.james.MxpackRuntime;

/**
 * Checks of the envelope sender at MAIL FROM ({@link SenderPolicy}): sender block list, null MX,
 * SPF for the MAIL FROM and HELO identities. All knobs are documented in the operator guide
 * (docs/operator-guide.md), section "MAIL FROM checks".
 */
public final class SenderHook implements HeloHook, MailHook {
    private final MxpackRuntime runtime;
    private volatile SenderPolicy policy;

    @Inject
    public SenderHook(MxpackRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        policy = HandlerConfig.read(config, SenderHook.class,
                c -> SenderPolicy.read(runtime.services(), c, runtime.files()));
    }

    /** Starts the HELO identity's SPF check, awaited at MAIL FROM; never refuses. */
    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        policy.onHelo(Sessions.facts(session), helo);
        return HookReplies.accept();
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        String from = sender.asOptional().map(MailAddress::asString).orElse("");
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null);
        return policy.onMail(Sessions.facts(session), from, helo)
                .map(HookReplies::refuse)
                .orElse(HookReplies.accept());
    }
}
