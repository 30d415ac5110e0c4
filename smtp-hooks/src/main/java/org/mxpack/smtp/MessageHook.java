package org.mxpack.smtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mxpack.core.policy.HeaderSection;
import org.mxpack.core.policy.MessageInput;
import org.mxpack.core.policy.MessageOutcome;
import org.mxpack.core.policy.MessagePolicy;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.Stage;
import org.mxpack.james.HandlerConfig;
import org.mxpack.james.MailMessageSource;
import org.mxpack.james.MxpackRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-of-DATA checks ({@link MessagePolicy}): size, DKIM, a held SPF fail, DMARC, the
 * forwardability of off-site routes and the rspamd scan. Accepted mail gets the header changes the
 * scanner asked for. List it before VerdictsToMail. Knobs: docs/operator-guide.md, sections
 * "End-of-DATA checks" and "SRS bounces and forwardability".
 */
public final class MessageHook implements MailHook, DataLineFilter, JamesMessageHook {
    private static final Logger LOG = LoggerFactory.getLogger(MessageHook.class);
    private static final AttachmentKey<HeaderSection> HEADERS = AttachmentKey.of("mxpack.headers", HeaderSection.class);

    private final MxpackRuntime runtime;
    private volatile MessagePolicy policy;

    @Inject
    public MessageHook(MxpackRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        policy = HandlerConfig.read(config, MessageHook.class,
                c -> MessagePolicy.read(runtime.services(), c, runtime.arc()));
    }

    /** Starts the DMARC lookups end of DATA will need; never refuses. */
    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        policy.onMail(Sessions.facts(session), sender.asString(""));
        return HookReplies.accept();
    }

    /** Watches the DATA lines go by; when the header section is in, starts its DKIM and DMARC lookups. */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        HeaderSection headers = session.getAttachment(HEADERS, State.Transaction).orElse(null);
        if (headers == null) {
            headers = new HeaderSection();
            session.setAttachment(HEADERS, headers, State.Transaction);
        }
        if (headers.add(line)) {
            policy.onHeaders(Sessions.facts(session), headers.bytes());
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        MessageOutcome outcome;
        try {
            // mail.getRemoteAddr() is not set yet in a message hook: the session knows the client
            outcome = policy.onMessage(Sessions.facts(session), input(session, mail));
        } catch (IOException | MessagingException e) {
            LOG.warn("mxpack: cannot read message {}: {}", mail.getName(), e.toString());
            return HookReplies.refuse(ReplyTable.reply(Stage.DATA, Reason.BACKEND_ERROR, "cannot read the message"));
        }
        if (outcome.refusal().isPresent()) {
            return HookReplies.refuse(outcome.refusal().get());
        }
        try {
            HeaderEdits.apply(mail.getMessage(), outcome);
        } catch (MessagingException e) {
            // the verdicts are recorded; a header we could not write must not lose the mail
            LOG.warn("mxpack: cannot add scanner headers to {}: {}", mail.getName(), e.toString());
        }
        return HookReplies.accept();
    }

    private static MessageInput input(SMTPSession session, Mail mail) throws IOException, MessagingException {
        List<String> recipients = new ArrayList<>();
        for (MailAddress r : mail.getRecipients()) {
            recipients.add(r.asString());
        }
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null);
        // streamed by each check from where James spooled it: no copy of the message (issue: bounded memory)
        return MessageInput.of(new MailMessageSource(mail.getMessage(), mail.getMessageSize()),
                mail.getMaybeSender().asString(""), helo, recipients,
                mail.getName());
    }
}
