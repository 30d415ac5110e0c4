package org.mxpack.mailet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.policy.RecipientPolicy;
import org.mxpack.core.routes.Addresses;
import org.mxpack.core.routes.Route;
import org.mxpack.core.srs.SrsResult;
import org.mxpack.core.srs.SrsRouting;
import org.mxpack.core.verdict.LogFormat;
import org.mxpack.james.MxpackRuntime;
import org.mxpack.james.VerdictAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounces to our SRS addresses go back where they came from: each recipient that is an SRS address at
 * mxpack.xml's {@code <srs><domain>} is reversed (core's {@link SrsRouting}; the RCPT stage already
 * refused forged and expired ones) to the original sender, or for SRS1 to the previous forwarder's
 * SRS0 address. Those recipients leave this mail as one copy that re-enters the processor
 * {@code processor} (default {@code transport}) as mail sent by a mailet, so James's
 * {@code SentByMailet} lets it out through {@code relay} and a local original sender gets it locally.
 * Other recipients, foreign SRS addresses among them, stay on the mail. The RCPT stage's verdict
 * travels on the mail ({@code mxpack.routes}): a bounce it accepted is reversed even if its address
 * expired since (the hash is checked again). An SRS address of ours that does not reverse (forged,
 * or expired and not accepted at RCPT: another entry point) stays and meets James's usual "no such
 * address" handling. Without {@code <srs>} in mxpack.xml the mailet does nothing.
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
        Set<String> accepted = srsBouncesAcceptedAtRcpt(mail);
        for (MailAddress rcpt : mail.getRecipients()) {
            String r = rcpt.asString();
            Optional<SrsResult> result = routing.recipientOfBounce(r, clock.instant(),
                    accepted.contains(r.toLowerCase(Locale.ROOT)));
            if (result.isPresent() && result.get().ok()) {
                reversed.add(new MailAddress(result.get().address()));
                LOG.info("srs reverse: mail={} rcpt={} back to {}", LogFormat.value(mail.getName()),
                        LogFormat.value(r), LogFormat.value(result.get().address()));
            } else {
                result.ifPresent(failed -> LOG.warn("srs reverse failed, recipient kept: mail={} rcpt={} {}",
                        LogFormat.value(mail.getName()), LogFormat.value(r), LogFormat.value(failed.toString())));
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

    /**
     * The recipients the RCPT stage accepted as bounces to our SRS addresses (route kind
     * {@code srs-bounce} in {@code mxpack.routes}), lower-cased: their age was checked then.
     */
    private static Set<String> srsBouncesAcceptedAtRcpt(Mail mail) {
        Set<String> out = new HashSet<>();
        VerdictAttributes.getMethod(mail, RecipientPolicy.ROUTES).ifPresent(routes -> routes.forEach((rcpt, route) -> {
            if (route instanceof Map
                    && Route.Kind.SRS_BOUNCE.keyword().equals(((Map<?, ?>) route).get("kind"))) {
                out.add(Addresses.strip(rcpt).toLowerCase(Locale.ROOT));
            }
        }));
        return out;
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: routes bounces to our SRS addresses back to the original sender";
    }
}
