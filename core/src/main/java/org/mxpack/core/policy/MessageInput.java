package org.mxpack.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mxpack.core.message.MessageSource;

/**
 * What the end-of-DATA stage knows besides the session facts: the message as received (CRLF line
 * ends, James's own Received field included) as a {@link MessageSource} the checks stream from, the
 * envelope, and James's name for the mail (queue id).
 * The envelope sender and HELO are given here too, so the stage works even when the MAIL or HELO hook
 * that would have put them into {@link SessionFacts} is not configured.
 */
public final class MessageInput {
    private final MessageSource message;
    private final String sender;
    private final String helo;
    private final List<String> recipients;
    private final String queueId;

    private MessageInput(MessageSource message, String sender, String helo, List<String> recipients, String queueId) {
        this.message = Objects.requireNonNull(message, "message");
        this.sender = sender == null ? "" : sender;
        this.helo = helo;
        this.recipients = List.copyOf(recipients);
        this.queueId = queueId;
    }

    /**
     * @param sender the envelope sender without brackets, {@code ""} for the null sender
     * @param helo   the HELO/EHLO argument, null when unknown
     */
    public static MessageInput of(MessageSource message, String sender, String helo, List<String> recipients,
            String queueId) {
        return new MessageInput(message, sender, helo, recipients, queueId);
    }

    /** A message in memory (offline checks, tests). */
    public static MessageInput of(byte[] raw, String sender, String helo, List<String> recipients, String queueId) {
        return new MessageInput(MessageSource.of(raw), sender, helo, recipients, queueId);
    }

    /** The message, to be streamed (never copied whole by the checks). */
    public MessageSource message() {
        return message;
    }

    public long size() {
        return message.size();
    }

    public String sender() {
        return sender;
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo).filter(h -> !h.isEmpty());
    }

    public List<String> recipients() {
        return recipients;
    }

    public Optional<String> queueId() {
        return Optional.ofNullable(queueId).filter(q -> !q.isEmpty());
    }
}
