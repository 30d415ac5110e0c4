package org.mxpack.mailet;

import java.util.function.Supplier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.policy.MailVerdicts;
import org.mxpack.core.policy.MissingVerdicts;
import org.mxpack.core.policy.Services;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.core.text.HeaderFolding;
import org.mxpack.core.verdict.AuthenticationResultsHeader;
import org.mxpack.core.verdict.HeaderSyntax;
import org.mxpack.james.MailMessageSource;
import org.mxpack.james.MxpackRuntime;
import org.mxpack.james.VerdictAttributes;

/**
 * Writes the one RFC 8601 {@code Authentication-Results} header (iprev, spf, dkim per signature, dmarc)
 * and {@code Received-SPF} from the verdicts the hooks recorded, computing in core whatever is missing;
 * removes inbound Authentication-Results headers that claim our authserv-id (RFC 8601 §5). Computed
 * verdicts are recorded on the mail too, so {@code IsAuthResult} further down sees them.
 *
 * <p>Init parameters: {@code authservId} (default: mxpack.xml's hostName), {@code receivedSpf} (true),
 * {@code computeMissing} (true).
 */
public final class AuthenticationResults extends GenericMailet {
    static final String RECEIVED_SPF = "Received-SPF";

    private final Supplier<Services> services;
    private String authservId;
    private boolean receivedSpf;
    private MissingVerdicts missing;

    @Inject
    public AuthenticationResults(MxpackRuntime runtime) {
        this(runtime::services);
    }

    AuthenticationResults(Supplier<Services> services) {
        this.services = services;
    }

    @Override
    public void init() throws MessagingException {
        try {
            Services s = services.get();
            Knobs k = new Knobs(new MailetConfigSource(getMailetConfig()));
            authservId = k.string("authservId", s.hostName());
            if (!HeaderSyntax.isToken(authservId)) {
                throw ConfigException.bad(k.source(), "authservId", authservId, "not a host name");
            }
            receivedSpf = k.bool("receivedSpf", true);
            missing = k.bool("computeMissing", true) ? new MissingVerdicts(s) : null;
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        MailVerdicts verdicts = MailVerdictsOf.read(mail);
        if (missing != null) {
            MissingVerdicts.Completed done = missing.complete(verdicts, facts(mail, message));
            for (Map.Entry<String, Map<String, Object>> e : done.computed().entrySet()) {
                VerdictAttributes.putMethod(mail, e.getKey(), e.getValue());
            }
            verdicts = done.verdicts();
        }
        removeOurs(message);
        removeHeaders(message, RECEIVED_SPF, v -> SpfVerdict.claimsReceiver(v, authservId));
        message.addHeader(AuthenticationResultsHeader.NAME, verdicts.header(authservId).render());
        if (receivedSpf) {
            String line = verdicts.receivedSpf(authservId).orElse(null);
            if (line != null) {
                // folded near 78 octets, never past 998 (RFC 5322 §2.1.1), like every header mxpack writes
                message.addHeader(RECEIVED_SPF, HeaderFolding.fold(RECEIVED_SPF,
                        line.substring(RECEIVED_SPF.length() + 2)));
            }
        }
        message.saveChanges();
    }

    /** Deletes every Authentication-Results field claiming our authserv-id (RFC 8601 §5). */
    private void removeOurs(MimeMessage message) throws MessagingException {
        removeHeaders(message, AuthenticationResultsHeader.NAME,
                v -> AuthenticationResultsHeader.claimsAuthservId(v, authservId));
    }

    /** Deletes the fields of that name whose value is {@code ours}; the others stay, in order. */
    private static void removeHeaders(MimeMessage message, String name, Predicate<String> ours)
            throws MessagingException {
        String[] values = message.getHeader(name);
        if (values == null) {
            return;
        }
        List<String> keep = new ArrayList<>();
        for (String v : values) {
            if (!ours.test(v)) {
                keep.add(v);
            }
        }
        if (keep.size() < values.length) {
            message.removeHeader(name);
            for (String v : keep) {
                message.addHeader(name, v);
            }
        }
    }

    private static MissingVerdicts.Message facts(Mail mail, MimeMessage message) throws MessagingException {
        InetAddress client = null;
        try {
            client = mail.getRemoteAddr() == null ? null : SpfChecker.parseAddress(mail.getRemoteAddr());
        } catch (IllegalArgumentException e) {
            // not an address literal: no client-based checks
        }
        String helo = mail.getAttribute(Mail.SMTP_HELO).map(a -> a.getValue().value())
                .map(String::valueOf).orElse(null);
        String mailFrom = mail.getMaybeSender().asOptional().map(a -> a.asString()).orElse("");
        String[] from = message.getHeader("From");
        return new MissingVerdicts.Message(client, helo, mailFrom, new MailMessageSource(message, mail.getMessageSize()),
                from == null ? List.of() : List.of(from));
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: Authentication-Results and Received-SPF from the recorded (or computed) verdicts";
    }
}
