package org.mxpack.mailet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.core.routes.Route;
import org.mxpack.core.verdict.LogFormat;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.StoreUnavailableException;
import org.mxpack.james.VerdictAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Honours the forwardability choice {@code local} (the MessageHook's {@code <forwardability><onForward>local}):
 * a recipient whose forwarded copy would be refused under DMARC downstream is not forwarded. List it
 * in {@code transport} BEFORE {@code RecipientRewriteTable}, which would expand the forward.
 * As {@link Forwardability} promises, each such recipient is delivered to its route's local
 * destinations (the local members of an alias or group that also forwards off-site), or, when the
 * route has none, to the recipient's own mailbox if it is a user: one copy to {@code localProcessor}
 * (default {@code local-delivery}). A recipient with neither goes to {@code heldProcessor} (default
 * {@code error}), where the admin sees it; it never leaves the server. Other recipients stay on the mail.
 *
 * <p>Routes are looked up now (the stores' current answer, as James's RecipientRewriteTable mailet
 * would). Every lookup is done before any copy is sent, so a store failure parks the whole mail
 * ({@link RetryParking}, knob {@code retryRepository}) instead of delivering part of it.
 */
public final class KeepLocal extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.forwardability");

    private final JamesRouteResolver resolver;
    private final MailRepositoryStore repositories;
    private String localProcessor;
    private String heldProcessor;
    private RetryParking parking;

    @Inject
    public KeepLocal(JamesRouteResolver resolver, MailRepositoryStore repositories) {
        this.resolver = resolver;
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        localProcessor = getInitParameter("localProcessor", "local-delivery");
        heldProcessor = getInitParameter("heldProcessor", Mail.ERROR);
        parking = RetryParking.open(repositories, getInitParameter("retryRepository"), "KeepLocal");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Set<String> keep = VerdictAttributes.getMethod(mail, "forwardability")
                .map(m -> Forwardability.fromMap(m).keepLocal().stream()
                        .map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()))
                .orElse(Set.of());
        if (keep.isEmpty()) {
            return;
        }
        Set<MailAddress> local = new LinkedHashSet<>();
        List<MailAddress> kept = new ArrayList<>();
        List<MailAddress> held = new ArrayList<>();
        List<MailAddress> rest = new ArrayList<>();
        try {
            for (MailAddress r : mail.getRecipients()) {
                if (!keep.contains(r.asString().toLowerCase(Locale.ROOT))) {
                    rest.add(r);
                    continue;
                }
                List<MailAddress> here = localDestinations(r);
                if (here.isEmpty()) {
                    held.add(r);
                } else {
                    kept.add(r);
                    local.addAll(here);
                }
            }
        } catch (StoreUnavailableException e) {
            parking.park(mail, e);
            return;
        }
        send(mail, new ArrayList<>(local), localProcessor);
        send(mail, held, heldProcessor);
        if (!kept.isEmpty() || !held.isEmpty()) {
            LOG.info("mxpack forwardability: mail={} kept {} local: {} ({}), held {} ({})",
                    LogFormat.value(mail.getName()), LogFormat.value(kept.toString()), LogFormat.value(local.toString()), localProcessor,
                    LogFormat.value(held.toString()), heldProcessor);
        }
        mail.setRecipients(rest);
        if (rest.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    /** The route's local destinations, else the recipient itself when it has a mailbox here, else none. */
    private List<MailAddress> localDestinations(MailAddress recipient) throws StoreUnavailableException,
            MessagingException {
        Route route = resolver.resolveNow(recipient.asString());
        if (route.kind() == Route.Kind.TEMPFAIL) {
            throw new StoreUnavailableException("route of " + recipient.asString() + ": " + route.reason(), null);
        }
        List<MailAddress> out = new ArrayList<>();
        for (String d : route.localDestinations()) {
            out.add(new MailAddress(d));
        }
        if (out.isEmpty() && resolver.isLocalUser(recipient)) {
            out.add(recipient);
        }
        return out;
    }

    private void send(Mail mail, List<MailAddress> recipients, String processor) throws MessagingException {
        if (recipients.isEmpty()) {
            return;
        }
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(recipients);
            getMailetContext().sendMail(copy, processor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: keeps recipients whose forward would fail DMARC downstream on this server";
    }
}
