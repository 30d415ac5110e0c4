package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.spam.HeaderEdit;

/**
 * The end-of-DATA answer: a refusal to send, or acceptance with the header changes the content filter
 * asked for (rspamd's additions and removals, its new Subject), which the hook applies to the message.
 */
public final class MessageOutcome {
    private static final MessageOutcome ACCEPT = new MessageOutcome(null, List.of(), null);

    private final SmtpReply refusal;
    private final List<HeaderEdit> headerEdits;
    private final String subject;

    private MessageOutcome(SmtpReply refusal, List<HeaderEdit> headerEdits, String subject) {
        this.refusal = refusal;
        this.headerEdits = List.copyOf(headerEdits);
        this.subject = subject;
    }

    public static MessageOutcome accept() {
        return ACCEPT;
    }

    public static MessageOutcome accept(List<HeaderEdit> headerEdits, String subject) {
        return new MessageOutcome(null, headerEdits, subject);
    }

    /** {@code reply} empty: accept unchanged (e.g. a refusal observed only). */
    public static MessageOutcome refuse(Optional<SmtpReply> reply) {
        return reply.map(r -> new MessageOutcome(r, List.of(), null)).orElse(ACCEPT);
    }

    /** The same outcome with {@code edit} applied before the others when accepted; a refusal is unchanged. */
    public MessageOutcome withFirst(HeaderEdit edit) {
        if (refusal != null) {
            return this;
        }
        List<HeaderEdit> edits = new ArrayList<>(headerEdits.size() + 1);
        edits.add(edit);
        edits.addAll(headerEdits);
        return new MessageOutcome(null, edits, subject);
    }

    /** The reply to send now instead of 250; empty to accept. */
    public Optional<SmtpReply> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Header fields to remove, then to add, in order (only when accepted). */
    public List<HeaderEdit> headerEdits() {
        return headerEdits;
    }

    /** A replacement Subject (rspamd's {@code rewrite subject}), only when accepted. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    @Override
    public String toString() {
        return refusal != null ? refusal.toString() : "accept " + headerEdits + (subject == null ? "" : " subject=" + subject);
    }
}
