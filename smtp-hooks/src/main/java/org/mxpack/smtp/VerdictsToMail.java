package org.mxpack.smtp;

import java.util.Map;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mxpack.core.verdict.Decision;
import org.mxpack.mailet.VerdictAttributes;

/**
 * At end of DATA, copies every decision recorded on the session onto the mail as typed
 * attributes ({@code mxpack.verdict.<check>}) for the mailets. List it last among mxpack's handlers.
 */
public final class VerdictsToMail implements JamesMessageHook {
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        for (Map.Entry<String, Decision> e : SessionVerdicts.all(session).entrySet()) {
            VerdictAttributes.put(mail, e.getKey(), e.getValue().toMap());
        }
        return HookReplies.accept();
    }
}
