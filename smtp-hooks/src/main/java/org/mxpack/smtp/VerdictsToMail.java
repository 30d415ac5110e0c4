package org.mxpack.smtp;

import java.util.Map;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mxpack.core.policy.SessionFacts;
import org.mxpack.core.verdict.Decision;
import org.mxpack.james.HandlerConfig;
import org.mxpack.james.VerdictAttributes;

/**
 * At end of DATA, copies what mxpack found onto the mail for the mailets: each decision as
 * {@code mxpack.verdict.<check>} and each method's verdict (spf, dkim, dmarc, iprev, dnsbl) as
 * {@code mxpack.<method>}. List it last among mxpack's handlers.
 */
public final class VerdictsToMail implements JamesMessageHook {
    /** It has no settings: anything inside its handler element is a mistake that stops the start. */
    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerConfig.read(config, VerdictsToMail.class, c -> null);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        SessionFacts facts = Sessions.facts(session);
        for (Map.Entry<String, Decision> e : facts.decisions().entrySet()) {
            VerdictAttributes.put(mail, e.getKey(), e.getValue().toMap());
        }
        for (Map.Entry<String, Map<String, Object>> e : facts.verdicts().entrySet()) {
            VerdictAttributes.putMethod(mail, e.getKey(), e.getValue());
        }
        return HookReplies.accept();
    }
}
