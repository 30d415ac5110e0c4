package org.mxpack.mailet;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mxpack.core.policy.AuthResultCondition;

/**
 * Matches mail on an authentication verdict: {@code IsAuthResult=spf:fail}, {@code =dmarc:quarantine},
 * {@code =dkim:pass:example.com} (grammar: core's {@link AuthResultCondition}). Reads the verdicts the
 * hooks or the {@code AuthenticationResults} mailet recorded; an absent verdict does not match.
 */
public final class IsAuthResult extends GenericMatcher {
    private AuthResultCondition condition;

    @Override
    public void init() throws MessagingException {
        try {
            condition = AuthResultCondition.parse(getCondition());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("IsAuthResult=" + getCondition() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return condition.matches(MailVerdictsOf.read(mail)) ? mail.getRecipients() : List.of();
    }

    @Override
    public String getMatcherInfo() {
        return "mxpack: matches mail on an authentication verdict";
    }
}
