package org.mxpack.core.verdict;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a decision was about: client IP, HELO name, envelope sender and recipient, James session
 * id. Any may be absent; the sender {@code ""} is the null reverse-path {@code <>}, distinct from
 * an unknown sender. Values are kept as given; renderers clean them.
 */
public final class SmtpContext {
    private static final SmtpContext EMPTY = new SmtpContext(null, null, null, null, null);

    private final String ip;
    private final String helo;
    private final String sender;
    private final String recipient;
    private final String session;

    private SmtpContext(String ip, String helo, String sender, String recipient, String session) {
        this.ip = ip;
        this.helo = helo;
        this.sender = sender;
        this.recipient = recipient;
        this.session = session;
    }

    public static SmtpContext empty() {
        return EMPTY;
    }

    public SmtpContext withIp(String value) {
        return new SmtpContext(value, helo, sender, recipient, session);
    }

    public SmtpContext withHelo(String value) {
        return new SmtpContext(ip, value, sender, recipient, session);
    }

    /** The envelope sender without angle brackets; {@code ""} for the null reverse-path. */
    public SmtpContext withSender(String value) {
        return new SmtpContext(ip, helo, strip(value), recipient, session);
    }

    /** The envelope recipient without angle brackets. */
    public SmtpContext withRecipient(String value) {
        return new SmtpContext(ip, helo, sender, strip(value), session);
    }

    public SmtpContext withSession(String value) {
        return new SmtpContext(ip, helo, sender, recipient, value);
    }

    private static String strip(String address) {
        if (address != null && address.length() >= 2 && address.startsWith("<") && address.endsWith(">")) {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    public Optional<String> ip() {
        return Optional.ofNullable(ip);
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** Present and empty for the null reverse-path. */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public Optional<String> recipient() {
        return Optional.ofNullable(recipient);
    }

    public Optional<String> session() {
        return Optional.ofNullable(session);
    }

    /** Only the present values, keys {@code ip, helo, from, rcpt, session}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "ip", ip);
        put(map, "helo", helo);
        put(map, "from", sender);
        put(map, "rcpt", recipient);
        put(map, "session", session);
        return map;
    }

    public static SmtpContext fromMap(Map<String, ?> map) {
        return new SmtpContext(optional(map, "ip"), optional(map, "helo"), optional(map, "from"),
                optional(map, "rcpt"), optional(map, "session"));
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String optional(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(key + " is not a string: " + v);
        }
        return (String) v;
    }

    /** Appends the present values as log fields; addresses in angle brackets. */
    void appendLogFields(StringBuilder sb) {
        if (session != null) {
            LogFormat.field(sb, "session", session);
        }
        if (ip != null) {
            LogFormat.field(sb, "ip", ip);
        }
        if (helo != null) {
            LogFormat.field(sb, "helo", helo);
        }
        if (sender != null) {
            LogFormat.field(sb, "from", "<" + sender + ">");
        }
        if (recipient != null) {
            LogFormat.field(sb, "rcpt", "<" + recipient + ">");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmtpContext)) {
            return false;
        }
        SmtpContext c = (SmtpContext) o;
        return Objects.equals(ip, c.ip) && Objects.equals(helo, c.helo) && Objects.equals(sender, c.sender)
                && Objects.equals(recipient, c.recipient) && Objects.equals(session, c.session);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, helo, sender, recipient, session);
    }

    @Override
    public String toString() {
        return "SmtpContext" + toMap();
    }
}
