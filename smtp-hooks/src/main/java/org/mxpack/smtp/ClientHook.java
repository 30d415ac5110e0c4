package org.mxpack.smtp;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mxpack.core.policy.ClientPolicy;
import org.mxpack.core.policy.SessionFacts;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.james.HandlerConfig;
import org.mxpack.james.MxpackRuntime;
import org.mxpack.smtp.threads.CommandThreads;

/**
 * Checks about the connecting client ({@link ClientPolicy}): lookups start at connect, the verdict
 * is given at HELO/EHLO (DNSBL at the stage configured) and holds for the whole connection.
 * At connect it also moves the connection's commands onto mxpack's {@link CommandThreads} (knob
 * {@code <commandThreads>}), so no hook ever waits on a Netty IO thread.
 * All knobs are documented in the operator guide (docs/operator-guide.md), section "Client checks".
 */
public final class ClientHook implements ConnectHandler<SMTPSession>, HeloHook, MailHook, RcptHook, JamesMessageHook {
    private final MxpackRuntime runtime;

    private volatile ClientPolicy policy;
    private volatile CommandThreads commandThreads;

    @Inject
    public ClientHook(MxpackRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        policy = HandlerConfig.read(config, ClientHook.class,
                c -> ClientPolicy.read(runtime.services(), c, runtime.files()));
        commandThreads = policy.commandThreads() == 0 ? null : new CommandThreads(policy.commandThreads());
    }

    @Override
    public Response onConnect(SMTPSession session) {
        if (commandThreads != null) {
            commandThreads.install(session);
        }
        if (!Sessions.proxied(session)) {
            facts(session); // start the connect-time lookups now; behind PROXY, at the first command
        }
        return null; // continue (needs <handlerchain enableJmx="false">)
    }

    /** The session's facts, with the connect-time checks started once for the (possibly proxied) client. */
    private SessionFacts facts(SMTPSession session) {
        SessionFacts facts = Sessions.facts(session);
        if (facts.firstUse()) {
            policy.onConnect(facts);
        }
        return facts;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        return reply(policy.onHelo(facts(session), helo,
                List.of(session.getLocalAddress().getAddress())));
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        SessionFacts facts = facts(session);
        // The first mxpack hook at MAIL FROM: a new transaction starts here (recipient count, the
        // transaction's decisions), before any later hook records something for it.
        facts.beginTransaction(sender.asString(""));
        return reply(policy.onMail(facts));
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return reply(policy.onRcpt(facts(session)));
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        policy.finish(facts(session));
        return HookReplies.accept();
    }

    private static HookResult reply(Optional<SmtpReply> refusal) {
        return refusal.map(HookReplies::refuse).orElse(HookReplies.accept());
    }
}
