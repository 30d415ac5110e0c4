package org.mxpack.core.spam;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mxpack.core.message.MessageSource;

/**
 * What the end-of-DATA hook knows about one message, as rspamd's {@code /checkv2} wants it: the raw
 * message (CRLF line ends, as received), streamed from its {@link MessageSource} (never copied whole),
 * and the SMTP envelope. Built with {@link #builder(MessageSource)}.
 */
public final class SpamRequest {
    private final MessageSource message;
    private final String ip;
    private final String helo;
    private final String hostname;
    private final String mailFrom;
    private final List<String> recipients;
    private final String queueId;
    private final String user;
    private final String settingsId;
    private final boolean passAll;

    private SpamRequest(Builder b) {
        this.message = b.message;
        this.ip = b.ip;
        this.helo = b.helo;
        this.hostname = b.hostname;
        this.mailFrom = b.mailFrom;
        this.recipients = List.copyOf(b.recipients);
        this.queueId = b.queueId;
        this.user = b.user;
        this.settingsId = b.settingsId;
        this.passAll = b.passAll;
    }

    public static Builder builder(MessageSource message) {
        return new Builder(message);
    }

    /** A message in memory (copied, so that the request stays immutable). */
    public static Builder builder(byte[] message) {
        return new Builder(MessageSource.of(message.clone()));
    }

    /** The message, to be streamed. */
    public MessageSource message() {
        return message;
    }

    /** Client address ({@code IP} header). */
    public Optional<String> ip() {
        return Optional.ofNullable(ip);
    }

    /** HELO/EHLO argument ({@code Helo}). */
    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** Verified reverse name of the client ({@code Hostname}); absent when unknown, as rspamd's milter does. */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /** Envelope sender without angle brackets; empty string for the null sender {@code <>}. */
    public Optional<String> mailFrom() {
        return Optional.ofNullable(mailFrom);
    }

    /** Envelope recipients, one {@code Rcpt} header each. */
    public List<String> recipients() {
        return recipients;
    }

    public Optional<String> queueId() {
        return Optional.ofNullable(queueId);
    }

    /** SMTP AUTH identity ({@code User}); absent for unauthenticated sessions. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** rspamd settings profile to apply ({@code Settings-ID}). */
    public Optional<String> settingsId() {
        return Optional.ofNullable(settingsId);
    }

    /** Ask rspamd to run every rule even past the reject threshold ({@code Pass: all}). */
    public boolean passAll() {
        return passAll;
    }

    @Override
    public String toString() {
        return "SpamRequest{" + message.size() + " bytes, ip=" + ip + ", helo=" + helo + ", from=<"
                + (mailFrom == null ? "" : mailFrom) + ">, rcpt=" + recipients + ", qid=" + queueId + "}";
    }

    /** Fills a {@link SpamRequest}; every field but the message is optional. */
    public static final class Builder {
        private final MessageSource message;
        private String ip;
        private String helo;
        private String hostname;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();
        private String queueId;
        private String user;
        private String settingsId;
        private boolean passAll;

        private Builder(MessageSource message) {
            this.message = Objects.requireNonNull(message, "message");
        }

        public Builder ip(String value) {
            this.ip = blankToNull(value);
            return this;
        }

        public Builder helo(String value) {
            this.helo = blankToNull(value);
            return this;
        }

        public Builder hostname(String value) {
            this.hostname = blankToNull(value);
            return this;
        }

        /** The envelope sender; {@code ""} or {@code "<>"} for the null sender. */
        public Builder mailFrom(String value) {
            if (value == null) {
                this.mailFrom = null;
            } else {
                String v = value.trim();
                if (v.startsWith("<") && v.endsWith(">")) {
                    v = v.substring(1, v.length() - 1);
                }
                this.mailFrom = v;
            }
            return this;
        }

        public Builder recipient(String value) {
            if (blankToNull(value) != null) {
                recipients.add(value.trim());
            }
            return this;
        }

        public Builder recipients(List<String> values) {
            values.forEach(this::recipient);
            return this;
        }

        public Builder queueId(String value) {
            this.queueId = blankToNull(value);
            return this;
        }

        public Builder user(String value) {
            this.user = blankToNull(value);
            return this;
        }

        public Builder settingsId(String value) {
            this.settingsId = blankToNull(value);
            return this;
        }

        public Builder passAll(boolean value) {
            this.passAll = value;
            return this;
        }

        public SpamRequest build() {
            return new SpamRequest(this);
        }

        private static String blankToNull(String value) {
            return value == null || value.trim().isEmpty() ? null : value.trim();
        }
    }
}
