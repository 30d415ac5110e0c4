package org.mxpack.mailet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mxpack.core.config.ConfigException;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.StoreUnavailableException;

/**
 * Matches the recipients of relay domains (mxpack.xml {@code <routes><relay>}, not in James's
 * DomainList): the counterpart of James's {@code RecipientIsLocal}. James splits a mail whose other
 * recipients do not match, so a mixed transaction leaves as one copy per route. When the domain list
 * cannot answer, the whole mail is parked ({@link RetryParking}) in the repository named by the
 * condition ({@code RecipientIsRelayDomain=cassandra://var/mail/mxpack-retry/}), by default
 * {@value RetryParking#DEFAULT_URL}.
 */
public final class RecipientIsRelayDomain extends GenericMatcher {
    private final JamesRouteResolver resolver;
    private final MailRepositoryStore repositories;
    private RetryParking parking;

    @Inject
    public RecipientIsRelayDomain(JamesRouteResolver resolver, MailRepositoryStore repositories) {
        this.resolver = resolver;
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        parking = RetryParking.open(repositories, getCondition(), "RecipientIsRelayDomain");
        try {
            resolver.relays();
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        List<MailAddress> out = new ArrayList<>();
        try {
            for (MailAddress rcpt : mail.getRecipients()) {
                if (resolver.relayHop(rcpt).isPresent()) {
                    out.add(rcpt);
                }
            }
        } catch (StoreUnavailableException e) {
            // throwing sends the mail to the error processor (a bounce), matching nothing lets relay recipients
            // fall through to relay-denied (a bounce too); James drops a mail a matcher left GHOST: ours is stored
            parking.park(mail, e);
            return List.of();
        }
        return out;
    }

    @Override
    public String getMatcherInfo() {
        return "mxpack: recipients of the relay domains of mxpack.xml";
    }
}
