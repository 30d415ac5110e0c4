package org.mxpack.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.verdict.AuthenticationResultsHeader;

/**
 * One SMTP dialogue played offline through a {@link ConfiguredPolicy}, stage by stage in the order
 * James runs mxpack's hooks (client checks first at every stage), with James's own accept replies.
 * A stage after a refusal is not played (null), as in a real dialogue.
 */
public final class Dialogue {
    /** What was answered; null for a stage that was not reached. */
    public static final class Transcript {
        public String connect;
        public String helo;
        public String mail;
        public List<String> rcpt;
        public String data;
        /** {@code Authentication-Results: ...} as the AuthenticationResults mailet would write it, unfolded; null if no DATA. */
        public String authenticationResults;
    }

    private final ConfiguredPolicy policy;

    public Dialogue(ConfiguredPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param raw the message, or null to stop after RCPT
     */
    public Transcript play(InetAddress client, String helo, String mailFrom, List<String> recipients, byte[] raw,
            String sessionId) {
        Transcript t = new Transcript();
        String us = policy.services().hostName();
        SessionFacts facts = new SessionFacts(client, sessionId);
        policy.client().ifPresent(c -> c.onConnect(facts));
        t.connect = "220 " + us + " ESMTP";

        Optional<SmtpReply> r = policy.client().flatMap(c -> c.onHelo(facts, helo, List.of()));
        t.helo = r.map(SmtpReply::toString).orElse("250 " + us);
        if (r.isPresent()) {
            return t;
        }
        r = policy.client().flatMap(c -> c.onMail(facts));
        policy.message().ifPresent(m -> m.onMail(facts, mailFrom)); // as MessageHook at MAIL FROM, before SenderHook
        if (r.isEmpty() && policy.sender().isPresent()) {
            r = policy.sender().get().onMail(facts, mailFrom, helo);
        } else if (r.isEmpty()) {
            facts.beginTransaction(mailFrom);
        }
        t.mail = r.map(SmtpReply::toString).orElse("250 2.1.0 Sender <" + mailFrom + "> OK");
        if (r.isPresent()) {
            return t;
        }
        List<String> replies = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (String rcpt : recipients) {
            Optional<SmtpReply> rr = policy.client().flatMap(c -> c.onRcpt(facts));
            if (rr.isEmpty() && policy.recipient().isPresent()) {
                rr = policy.recipient().get().onRcpt(facts, rcpt).refusal();
            }
            replies.add(rr.map(SmtpReply::toString).orElse("250 2.1.5 Recipient <" + rcpt + "> OK"));
            if (rr.isEmpty()) {
                accepted.add(rcpt);
            }
        }
        t.rcpt = Collections.unmodifiableList(replies);
        if (accepted.isEmpty() || raw == null) {
            return t;
        }
        policy.client().ifPresent(c -> c.finish(facts));
        Optional<SmtpReply> d = policy.message()
                .flatMap(m -> m.onMessage(facts, MessageInput.of(raw, mailFrom, helo, accepted, sessionId)).refusal());
        t.data = d.map(SmtpReply::toString).orElse("250 2.6.0 Message received");
        if (d.isEmpty()) {
            // one line: easy to grep and to compare; the mailet writes the same header folded
            t.authenticationResults = AuthenticationResultsHeader.NAME + ": " + MailVerdicts.read(
                    name -> Optional.ofNullable(facts.verdicts().get(name)),
                    name -> Optional.ofNullable(facts.decisions().get(name)).map(dec -> dec.toMap()))
                    .header(us).renderUnfolded();
        }
        return t;
    }
}
