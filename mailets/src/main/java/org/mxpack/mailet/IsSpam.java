package org.mxpack.mailet;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mxpack.core.policy.SpamCondition;

/**
 * Matches mail on rspamd's verdict recorded at end of DATA: {@code IsSpam} = marked as spam,
 * {@code IsSpam=add-header|rewrite-subject} = one of those actions (core's {@link SpamCondition}).
 */
public final class IsSpam extends GenericMatcher {
    private SpamCondition condition;

    @Override
    public void init() throws MessagingException {
        try {
            condition = SpamCondition.parse(getCondition());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("IsSpam=" + getCondition() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return condition.matches(MailVerdictsOf.read(mail)) ? mail.getRecipients() : List.of();
    }

    @Override
    public String getMatcherInfo() {
        return "mxpack: matches mail on rspamd's verdict";
    }
}
