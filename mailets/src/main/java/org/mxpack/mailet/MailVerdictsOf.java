package org.mxpack.mailet;

import org.apache.mailet.Mail;
import org.mxpack.core.policy.MailVerdicts;
import org.mxpack.james.VerdictAttributes;

/** The typed verdicts a mail carries: method verdicts {@code mxpack.<method>}, decisions {@code mxpack.verdict.<check>}. */
final class MailVerdictsOf {
    private MailVerdictsOf() {
    }

    static MailVerdicts read(Mail mail) {
        return MailVerdicts.read(m -> VerdictAttributes.getMethod(mail, m), c -> VerdictAttributes.get(mail, c));
    }
}
