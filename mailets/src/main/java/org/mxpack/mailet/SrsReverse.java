package org.mxpack.mailet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.srs.SrsResult;
import org.mxpack.core.srs.SrsRouting;
import org.mxpack.james.MxpackRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounces to our SRS addresses go back where they came from: each recipient that is an SRS address at
 * mxpack.xml's {@code <srs><domain>} is reversed (core's {@link SrsRouting}; the RCPT stage already
 * refused forged and expired ones) to the original sender, or for SRS1 to the previous forwarder's
 * SRS0 address. Those recipients leave this mail as one copy that re-enters the processor
 * {@code processor} (default {@code transport}) as mail sent by a mailet, so James's
 * {@code SentByMailet} lets it out through {@code relay} and a local original sender gets it locally.
 * Other recipients, foreign SRS addresses among them, stay on the mail; an SRS address of ours that no
 * longer reverses (expired since RCPT, from another entry point) stays too and meets James's usual
 * "no such address" handling. Without {@code <srs>} in mxpack.xml the mailet does nothing.
 */
public final class SrsReverse extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.srs");

    private final MxpackRuntime runtime;
    private final Clock clock;
    private SrsRouting routing;
    private String processor;

    @Inject
    public SrsReverse(MxpackRuntime runtime) {
        this(runtime, Clock.systemUTC());
    }

    SrsReverse(MxpackRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        processor = getInitParameter("processor", Mail.TRANSPORT);
        if (runtime == null) {
            return; // tests: use(...)
        }
        try {
            routing = runtime.srs().map(SrsRouting::new).orElse(null);
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
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
        List<MailAddress> reversed = new ArrayList<>();
        List<MailAddress> keep = new ArrayList<>();
        for (MailAddress rcpt : mail.getRecipients()) {
            Optional<SrsResult> r = routing.recipientOfBounce(rcpt.asString(), clock.instant());
            if (r.isPresent() && r.get().ok()) {
                reversed.add(new MailAddress(r.get().address()));
                LOG.info("srs reverse: mail={} rcpt=<{}> back to <{}>", mail.getName(), rcpt.asString(),
                        r.get().address());
            } else {
                r.ifPresent(failed -> LOG.warn("srs reverse failed, recipient kept: mail={} rcpt=<{}> {}",
                        mail.getName(), rcpt.asString(), failed));
                keep.add(rcpt);
            }
        }
        if (reversed.isEmpty()) {
            return;
        }
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(reversed);
            getMailetContext().sendMail(copy, processor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
        if (keep.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(keep);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: routes bounces to our SRS addresses back to the original sender";
    }
}
