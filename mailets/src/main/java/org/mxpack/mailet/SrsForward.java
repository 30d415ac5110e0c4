package org.mxpack.mailet;

import java.time.Clock;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.srs.SrsResult;
import org.mxpack.core.srs.SrsRouting;
import org.mxpack.core.verdict.LogFormat;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.MxpackRuntime;
import org.mxpack.james.StoreUnavailableException;
import org.mxpack.james.VerdictAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRS for mail leaving the site: put it right before {@code RemoteDelivery} in the processor that sends
 * forwarded copies off-site ({@code relay}). The envelope sender is rewritten with mxpack.xml's
 * {@code <srs>} (core's {@link SrsRouting}: never the null sender or a sender of one of James's
 * domains). What happened travels as the attribute {@code mxpack.srs-forward}. Without {@code <srs>} in
 * mxpack.xml the mailet passes mail unchanged. When the domain list cannot answer, the mail is parked
 * ({@link RetryParking}, knob {@code retryRepository}): rewriting a local user's own sender by mistake
 * would break its DMARC alignment, keeping a forwarder's would fail SPF downstream.
 */
public final class SrsForward extends GenericMailet {
    /** Recorded as the attribute {@code mxpack.srs-forward}. */
    static final String METHOD = "srs-forward";
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.srs");

    private final MxpackRuntime runtime;
    private final JamesRouteResolver resolver;
    private final MailRepositoryStore repositories;
    private final Clock clock;
    private SrsRouting routing;
    private RetryParking parking;

    @Inject
    public SrsForward(MxpackRuntime runtime, JamesRouteResolver resolver, MailRepositoryStore repositories) {
        this(runtime, resolver, repositories, Clock.systemUTC());
    }

    SrsForward(MxpackRuntime runtime, JamesRouteResolver resolver, MailRepositoryStore repositories, Clock clock) {
        this.runtime = runtime;
        this.resolver = resolver;
        this.repositories = repositories;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        parking = RetryParking.open(repositories, getInitParameter("retryRepository"), "SrsForward");
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
        SrsResult r;
        try {
            r = routing.senderForForward(sender, this::isOurs, clock.instant());
        } catch (DomainListUnavailable e) {
            parking.park(mail, e.cause);
            return;
        }
        VerdictAttributes.putMethod(mail, METHOD, r.toMap());
        if (!r.rewritten()) {
            if (!r.ok()) {
                LOG.warn("srs forward failed, sender kept: mail={} sender={} {}", LogFormat.value(mail.getName()),
                        LogFormat.value(sender), LogFormat.value(r.toString()));
            }
            return;
        }
        setSender(mail, r.address());
        LOG.info("srs forward: mail={} sender={} rewritten={}", LogFormat.value(mail.getName()),
                LogFormat.value(sender), LogFormat.value(r.address()));
    }

    private boolean isOurs(String domain) {
        Domain d;
        try {
            d = Domain.of(domain.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false; // not a domain name James accepts, so not one of its domains
        }
        try {
            return resolver.isLocalDomain(d);
        } catch (StoreUnavailableException e) {
            throw new DomainListUnavailable(e);
        }
    }

    /** Carries a store failure out of core's domain predicate, which cannot throw checked exceptions. */
    private static final class DomainListUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient StoreUnavailableException cause;

        DomainListUnavailable(StoreUnavailableException cause) {
            super(cause);
            this.cause = cause;
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
