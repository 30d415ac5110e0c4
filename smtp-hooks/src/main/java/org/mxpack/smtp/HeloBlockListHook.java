package org.mxpack.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.mxpack.core.lists.HostList;
import org.mxpack.core.lists.ListMatch;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.verdict.Decision;
import org.mxpack.core.verdict.SmtpContext;

/**
 * Refuses clients whose HELO/EHLO name, HELO address literal or connecting address is on the
 * block list, with {@code 550 5.7.1} naming the rule. The refusal is sticky for the connection:
 * a later HELO/EHLO (also after RSET), MAIL or RCPT gets the same reply.
 *
 * <pre>
 * &lt;handler class="org.mxpack.smtp.HeloBlockListHook"&gt;
 *   &lt;block&gt;.bad.example&lt;/block&gt;            (repeatable)
 *   &lt;file&gt;conf/mxpack/helo-blocklist.txt&lt;/file&gt; (repeatable; one rule per line)
 * &lt;/handler&gt;
 * </pre>
 */
public final class HeloBlockListHook implements HeloHook, MailHook, RcptHook {
    static final String CHECK = "helo-list";

    private final FileSystem fileSystem;
    private volatile HostList list = HostList.empty();

    @Inject
    public HeloBlockListHook(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HostList loaded;
        try {
            loaded = HostList.parse(config.getList(String.class, "block", List.of()), "smtpserver.xml <block>");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mxpack HeloBlockListHook: " + e.getMessage(), e);
        }
        for (String file : config.getList(String.class, "file", List.of())) {
            try {
                loaded = loaded.plus(HostList.read(ConfigFiles.resolve(fileSystem, "file", file)));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException("mxpack HeloBlockListHook <file>" + file + "</file>: " + e.getMessage(), e);
            }
        }
        list = loaded;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        Optional<HookResult> earlier = earlierRefusal(session);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        Optional<ListMatch> match = list.match(helo, client);
        SmtpContext context = SmtpContext.empty().withIp(client.getHostAddress()).withHelo(helo)
                .withSession(session.getSessionID());
        if (match.isEmpty()) {
            SessionVerdicts.recordForConnection(session, Decision.accept(CHECK, Stage.HELO)
                    .withResult("pass").withReason("not listed").withContext(context));
            return HookReplies.accept();
        }
        SmtpReply reply = ReplyTable.reply(Stage.HELO, Reason.CLIENT_BLOCKED, match.get().describe());
        SessionVerdicts.recordForConnection(session, Decision.refuse(CHECK, Stage.HELO, reply, false)
                .withResult("listed").withReason(match.get().toString()).withContext(context));
        return HookReplies.refuse(reply);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return earlierRefusal(session).orElse(HookReplies.accept());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return earlierRefusal(session).orElse(HookReplies.accept());
    }

    /** A client refused at HELO stays refused for the whole connection. */
    private static Optional<HookResult> earlierRefusal(SMTPSession session) {
        return SessionVerdicts.connectionDecision(session, CHECK)
                .flatMap(Decision::replyToSend)
                .map(HookReplies::refuse);
    }
}
