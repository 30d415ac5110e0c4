package org.mxpack.mailet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mxpack.core.config.ConfigException;
import org.mxpack.james.JamesRouteResolver;

/**
 * Matches the recipients of relay domains (mxpack.xml {@code <routes><relay>}, not in James's
 * DomainList): the counterpart of James's {@code RecipientIsLocal}. James splits a mail whose other
 * recipients do not match, so a mixed transaction leaves as one copy per route.
 */
public final class RecipientIsRelayDomain extends GenericMatcher {
    private final JamesRouteResolver resolver;

    @Inject
    public RecipientIsRelayDomain(JamesRouteResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void init() throws MessagingException {
        try {
            resolver.relays();
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        List<MailAddress> out = new ArrayList<>();
        for (MailAddress rcpt : mail.getRecipients()) {
            try {
                if (resolver.relayHop(rcpt).isPresent()) {
                    out.add(rcpt);
                }
            } catch (DomainListException e) {
                throw new MessagingException("domain list unavailable: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public String getMatcherInfo() {
        return "mxpack: recipients of the relay domains of mxpack.xml";
    }
}
