package org.mxpack.mailet;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.arc.ArcSealException;
import org.mxpack.core.arc.ArcSealer;
import org.mxpack.core.arc.ArcSet;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.arc.ArcVerifier;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.policy.MailVerdicts;
import org.mxpack.core.policy.Services;
import org.mxpack.core.verdict.LogFormat;
import org.mxpack.james.MailMessageSource;
import org.mxpack.james.MxpackRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ARC-seals mail leaving through a forwarding route or a relay next hop (RFC 8617): one new ARC set
 * (ARC-Authentication-Results from our verdicts, ARC-Message-Signature, ARC-Seal) signed with
 * mxpack.xml's {@code <arc><seal>}, {@code cv=} following the chain the message arrived with (the
 * end-of-DATA verdict {@code mxpack.arc}, else verified here). Put it last before {@code RemoteDelivery}
 * / {@code NextHopDelivery}, after anything that changes the message (DKIMSign included). Without
 * {@code <arc><seal>} James's start stops naming the element. A mail that cannot be sealed (unreadable,
 * over the size limits) leaves unsealed, with one WARN line: sealing is evidence, never a reason to
 * lose mail.
 */
public final class ArcSeal extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.arc");

    private final MxpackRuntime runtime;
    private ArcSealer sealer;
    private ArcVerifier verifier;
    private Services services;

    @Inject
    public ArcSeal(MxpackRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void init() throws MessagingException {
        try {
            services = runtime.services();
            sealer = runtime.arc().sealer(services.hostName()).orElseThrow(() -> new ConfigException(
                    "mxpack: conf/mxpack.xml: ArcSeal needs <arc><seal> with <domain>, <selector> and <privateKeyFile>"));
            verifier = new ArcVerifier(services.dns(), DkimPolicy.defaults());
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        MailMessageSource source = new MailMessageSource(message, mail.getMessageSize());
        MailVerdicts verdicts = MailVerdictsOf.read(mail);
        ArcVerdict chain = verdicts.arc().orElseGet(() -> verify(source));
        ArcSet set;
        try {
            set = sealer.seal(source, chain, verdicts.header(sealer.authservId()).renderUnfolded());
        } catch (ArcSealException | RuntimeException e) {
            LOG.warn("mxpack arc: mail={} leaves unsealed: {}", LogFormat.value(mail.getName()),
                    LogFormat.value(String.valueOf(e.getMessage())));
            return;
        }
        prepend(message, set.fields());
        message.saveChanges();
        LOG.info("mxpack arc: mail={} sealed i={} cv={}", LogFormat.value(mail.getName()), set.instance(),
                chain.result().keyword());
    }

    /**
     * Puts {@code fields} on top of the header section, as trace fields go (RFC 8617 §4.1; dkimpy reads
     * sets top down). JavaMail only appends, so the existing lines are taken off and put back after them,
     * unchanged and in order.
     */
    private static void prepend(MimeMessage message, List<String> fields) throws MessagingException {
        List<String> lines = Collections.list(message.getAllHeaderLines());
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            names.add(line.substring(0, Math.max(0, line.indexOf(':'))).trim());
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        for (String field : fields) {
            message.addHeaderLine(field);
        }
        for (String line : lines) {
            message.addHeaderLine(line);
        }
    }

    /** The chain as it arrived, when the end-of-DATA stage did not record it (ARC verification off there). */
    private ArcVerdict verify(MailMessageSource source) {
        ArcVerdict late = ArcVerdict.unverifiable("not verified within the stage budget", 0, "", "");
        return verifier.verify(source).completeOnTimeout(late, services.stageBudget().toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    @Override
    public String getMailetInfo() {
        return "mxpack ArcSeal";
    }
}
