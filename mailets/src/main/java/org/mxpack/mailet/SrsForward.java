package org.mxpack.mailet;

import java.time.Clock;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.srs.SrsResult;
import org.mxpack.core.srs.SrsRouting;
import org.mxpack.james.MxpackRuntime;
import org.mxpack.james.VerdictAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRS for mail leaving the site: put it right before {@code RemoteDelivery} in the processor that sends
 * forwarded copies off-site ({@code relay}). The envelope sender is rewritten with mxpack.xml's
 * {@code <srs>} (core's {@link SrsRouting}: never the null sender or a sender of one of James's
 * domains). What happened travels as the attribute {@code mxpack.srs-forward}. Without {@code <srs>} in
 * mxpack.xml the mailet passes mail unchanged. No init parameters.
 */
public final class SrsForward extends GenericMailet {
    /** Recorded as the attribute {@code mxpack.srs-forward}. */
    static final String METHOD = "srs-forward";
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.srs");

    private final MxpackRuntime runtime;
    private final DomainList domains;
    private final Clock clock;
    private SrsRouting routing;

    @Inject
    public SrsForward(MxpackRuntime runtime, DomainList domains) {
        this(runtime, domains, Clock.systemUTC());
    }

    SrsForward(MxpackRuntime runtime, DomainList domains, Clock clock) {
        this.runtime = runtime;
        this.domains = domains;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        if (runtime == null) {
            return; // tests: use(...)
        }
        try {
            routing = runtime.srs().map(SrsRouting::new).orElse(null);
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        if (routing == null) {
            LOG.info("SrsForward: no <srs> in conf/mxpack.xml, forwarded senders are not rewritten");
        }
    }

    /** For tests: the routing to use instead of mxpack.xml's. */
    void use(SrsRouting value) {
        routing = value;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (routing == null) {
            return;
        }
        String sender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
        SrsResult r = routing.senderForForward(sender, this::isOurs, clock.instant());
        VerdictAttributes.putMethod(mail, METHOD, r.toMap());
        if (!r.rewritten()) {
            if (!r.ok()) {
                LOG.warn("srs forward failed, sender kept: mail={} sender=<{}> {}", mail.getName(), sender, r);
            }
            return;
        }
        setSender(mail, r.address());
        LOG.info("srs forward: mail={} sender=<{}> rewritten=<{}>", mail.getName(), sender, r.address());
    }

    private boolean isOurs(String domain) {
        try {
            return domains.containsDomain(Domain.of(domain.toLowerCase(Locale.ROOT)));
        } catch (DomainListException e) {
            // better a rewritten sender than mail that fails SPF downstream
            LOG.warn("srs forward: domain list unavailable ({}), treating {} as foreign", e.getMessage(), domain);
            return false;
        }
    }

    /** The mailet API cannot change the envelope sender; James's own Mail implementation can. */
    static void setSender(Mail mail, String address) throws MessagingException {
        if (!(mail instanceof MailImpl)) {
            throw new MessagingException("cannot rewrite the sender of a " + mail.getClass().getName());
        }
        try {
            ((MailImpl) mail).setSender(new MailAddress(address));
        } catch (AddressException e) {
            throw new MessagingException("SRS address is not a valid address: " + address, e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: SRS-rewrites the envelope sender of mail forwarded off-site";
    }
}
