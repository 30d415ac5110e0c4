package org.mxpack.mailet;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mxpack.james.VerdictAttributes;

/**
 * Matches mail on a verdict the SMTP hooks recorded.
 * {@code HasVerdict=CHECK} matches when the check recorded anything;
 * {@code HasVerdict=CHECK:VALUE[|VALUE...]} when its {@code result} or {@code action} is one of the values
 * (case-insensitive), e.g. {@code HasVerdict=helo-list:accept}.
 */
public final class HasVerdict extends GenericMatcher {
    private String check;
    private List<String> values;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().trim();
        if (condition.isEmpty()) {
            throw new MessagingException("HasVerdict needs a condition CHECK[:VALUE|VALUE...], e.g. HasVerdict=spf:fail");
        }
        int colon = condition.indexOf(':');
        check = colon < 0 ? condition : condition.substring(0, colon).trim();
        values = colon < 0 ? List.of()
                : List.of(condition.substring(colon + 1).toLowerCase(Locale.ROOT).trim().split("\\s*\\|\\s*"));
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Optional<Map<String, Object>> verdict = VerdictAttributes.get(mail, check);
        if (verdict.isEmpty()) {
            return List.of();
        }
        if (values.isEmpty() || values.contains(lower(verdict.get().get("result")))
                || values.contains(lower(verdict.get().get("action")))) {
            return mail.getRecipients();
        }
        return List.of();
    }

    private static String lower(Object o) {
        return o == null ? "" : o.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String getMatcherInfo() {
        return "mxpack: matches mail on a recorded verdict";
    }
}
