package org.mxpack.core.routes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The end-of-DATA forwardability verdict, recorded only when a recipient's route forwards off-site
 * and the message would fail DMARC there. It travels on the mail as attribute
 * {@code mxpack.forwardability} ({@link #toMap()}), and is THE contract with the routing mailets:
 *
 * <ul>
 * <li>{@code recipients}: each affected envelope recipient (as given at RCPT TO) and the
 *     {@link ForwardAction} actually applied: {@code local} or {@code forward} (a {@code reject} never
 *     reaches the mailets: the message was refused; observed-only choices are recorded as
 *     {@code forward}, which is what happens).</li>
 * <li>{@code keepLocal}: the recipients whose copy must NOT leave this server. The mailets deliver
 *     such a recipient to its local destinations (its route's {@code destinations} minus
 *     {@code remote}) or, when it has none, to the recipient's own mailbox if it is a local user;
 *     never off-site (with neither, the error processor keeps it). It never lists a relay-domain
 *     recipient ({@code local} is not a choice for relays).</li>
 * <li>{@code authors}: the From domains with {@code p=reject} and no aligned passing DKIM signature;
 *     {@code result}: the strictest action applied; {@code reason}: for humans.</li>
 * </ul>
 * Recipients not listed are routed as usual.
 */
public final class Forwardability {
    private final ForwardAction result;
    private final Map<String, ForwardAction> recipients;
    private final List<String> authors;
    private final String reason;

    private Forwardability(ForwardAction result, Map<String, ForwardAction> recipients, List<String> authors,
            String reason) {
        this.result = Objects.requireNonNull(result);
        this.recipients = Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
        this.authors = List.copyOf(authors);
        this.reason = reason == null ? "" : reason;
    }

    /** The result is the strictest of the recipients' actions (reject, local, forward). */
    public static Forwardability of(Map<String, ForwardAction> recipients, List<String> authors, String reason) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a forwardability verdict names at least one recipient");
        }
        ForwardAction strictest = ForwardAction.FORWARD;
        for (ForwardAction a : recipients.values()) {
            strictest = a.ordinal() < strictest.ordinal() ? a : strictest;
        }
        return new Forwardability(strictest, recipients, authors, reason);
    }

    public ForwardAction result() {
        return result;
    }

    /** Affected recipients and the action applied to each. */
    public Map<String, ForwardAction> recipients() {
        return recipients;
    }

    /** The action for one recipient (case-insensitive), if it is affected. */
    public Optional<ForwardAction> actionFor(String recipient) {
        String r = Addresses.strip(recipient);
        for (Map.Entry<String, ForwardAction> e : recipients.entrySet()) {
            if (e.getKey().equalsIgnoreCase(r)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The recipients whose copy stays on this server. */
    public List<String> keepLocal() {
        List<String> out = new ArrayList<>();
        recipients.forEach((r, a) -> {
            if (a == ForwardAction.LOCAL) {
                out.add(r);
            }
        });
        return out;
    }

    public List<String> authors() {
        return authors;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        Map<String, Object> rs = new LinkedHashMap<>();
        recipients.forEach((r, a) -> rs.put(r, a.keyword()));
        m.put("recipients", rs);
        m.put("keepLocal", keepLocal());
        m.put("authors", authors);
        m.put("reason", reason);
        return m;
    }

    /** Inverse of {@link #toMap()}; throws IllegalArgumentException for a map that is not one. */
    public static Forwardability fromMap(Map<String, ?> map) {
        Object rs = map.get("recipients");
        if (!(rs instanceof Map) || ((Map<?, ?>) rs).isEmpty()) {
            throw new IllegalArgumentException("not a forwardability map: " + map);
        }
        Map<String, ForwardAction> recipients = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) rs).entrySet()) {
            recipients.put(String.valueOf(e.getKey()), ForwardAction.fromKeyword(String.valueOf(e.getValue())));
        }
        List<String> authors = new ArrayList<>();
        if (map.get("authors") instanceof List) {
            for (Object a : (List<?>) map.get("authors")) {
                authors.add(String.valueOf(a));
            }
        }
        Object reason = map.get("reason");
        return of(recipients, authors, reason == null ? "" : reason.toString());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Forwardability)) {
            return false;
        }
        Forwardability f = (Forwardability) o;
        return result == f.result && recipients.equals(f.recipients) && authors.equals(f.authors)
                && reason.equals(f.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, recipients, authors, reason);
    }

    @Override
    public String toString() {
        return result.keyword() + " " + recipients + " authors=" + authors + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
