package org.mxpack.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.james.VerdictAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Honours the forwardability choice {@code local} (the MessageHook's {@code <forwardability><onForward>local}):
 * a recipient whose forwarded copy would be refused under DMARC downstream is not forwarded. List it
 * in {@code transport} BEFORE {@code RecipientRewriteTable}, which would expand the forward.
 * Each such recipient that is a local user goes, as one copy, straight to {@code localProcessor}
 * (default {@code local-delivery}): their own mailbox. A recipient without a mailbox here (a pure
 * forward) goes to {@code heldProcessor} (default {@code error}), where the admin sees it; it never
 * leaves the server. Other recipients stay on the mail.
 */
public final class KeepLocal extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.forwardability");

    private final UsersRepository users;
    private String localProcessor;
    private String heldProcessor;

    @Inject
    public KeepLocal(UsersRepository users) {
        this.users = users;
    }

    @Override
    public void init() {
        localProcessor = getInitParameter("localProcessor", "local-delivery");
        heldProcessor = getInitParameter("heldProcessor", Mail.ERROR);
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
        List<MailAddress> local = new ArrayList<>();
        List<MailAddress> held = new ArrayList<>();
        List<MailAddress> rest = new ArrayList<>();
        for (MailAddress r : mail.getRecipients()) {
            if (!keep.contains(r.asString().toLowerCase(Locale.ROOT))) {
                rest.add(r);
            } else if (isUser(r)) {
                local.add(r);
            } else {
                held.add(r);
            }
        }
        send(mail, local, localProcessor);
        send(mail, held, heldProcessor);
        if (local.size() + held.size() > 0) {
            LOG.info("mxpack forwardability: kept {} local ({}), held {} ({}) of {}", local, localProcessor, held,
                    heldProcessor, mail.getName());
        }
        mail.setRecipients(rest);
        if (rest.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
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

    private boolean isUser(MailAddress address) throws MessagingException {
        try {
            return users.contains(Username.of(address.asString())) || users.contains(Username.of(address.getLocalPart()));
        } catch (UsersRepositoryException e) {
            throw new MessagingException("mxpack KeepLocal: cannot ask the users repository about " + address, e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: keeps recipients whose forward would fail DMARC downstream on this server";
    }
}
