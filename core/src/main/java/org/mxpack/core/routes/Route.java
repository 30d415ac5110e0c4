package org.mxpack.core.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one recipient goes, as the {@link RouteResolver} found it: what kind of route, the final
 * addresses (after every RecipientRewriteTable mapping), which of them are off-site, the next hop
 * of a relay domain, and why. Immutable; {@link #toMap()} is JSON-friendly for mail attributes.
 */
public final class Route {
    /** The kinds of route. Only {@link #NONE} and {@link #TEMPFAIL} are not routable. */
    public enum Kind {
        /** A user of a local domain, no mapping. */
        LOCAL_USER,
        /** A RecipientRewriteTable mapping (alias, group, forward) to local addresses only. */
        ALIAS,
        /** A RecipientRewriteTable mapping with at least one off-site destination. */
        FORWARD,
        /** The domain is an alias of a local domain ({@code /domains/X/aliases/Y}, domain mappings). */
        DOMAIN_ALIAS,
        /** A mapping for the whole domain ({@code *@domain}: regex or address), no user-level mapping. */
        CATCH_ALL,
        /** A relay domain of mxpack.xml: accepted and sent to its configured next hop. */
        RELAY,
        /**
         * A bounce to a valid SRS address of ours (hash and age checked at RCPT): its one destination is
         * the reversed address (the original sender, or the previous forwarder's SRS0 address for SRS1),
         * which the mailets route back. The SRS domain need not be in James's DomainList.
         */
        SRS_BOUNCE,
        /** No route here: unknown user of a local domain, a domain that is not ours, an error mapping. */
        NONE,
        /** The backend (user store, RecipientRewriteTable, domain list) failed: try again later. */
        TEMPFAIL;

        /** {@code local-user}, {@code catch-all} ...: how the kind is written in logs and attributes. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The inverse of {@link #keyword()}; throws IllegalArgumentException for an unknown one. */
        public static Kind fromKeyword(String keyword) {
            return valueOf(keyword.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private final String recipient;
    private final Kind kind;
    private final List<String> destinations;
    private final List<String> remote;
    private final NextHop nextHop;
    private final boolean localDomain;
    private final String reason;

    private Route(String recipient, Kind kind, List<String> destinations, List<String> remote, NextHop nextHop,
            boolean localDomain, String reason) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.destinations = List.copyOf(destinations);
        this.remote = List.copyOf(remote);
        this.nextHop = nextHop;
        this.localDomain = localDomain;
        this.reason = reason == null ? "" : reason;
    }

    public static Route localUser(String recipient, String reason) {
        return new Route(recipient, Kind.LOCAL_USER, List.of(recipient), List.of(), null, true, reason);
    }

    /**
     * An ALIAS, FORWARD, DOMAIN_ALIAS or CATCH_ALL route. {@code localDomain}: the recipient's domain is
     * in James's domain list (a domain alias's source need not be).
     */
    public static Route mapped(Kind kind, String recipient, List<String> destinations, List<String> remote,
            boolean localDomain, String reason) {
        if (kind != Kind.ALIAS && kind != Kind.FORWARD && kind != Kind.DOMAIN_ALIAS && kind != Kind.CATCH_ALL) {
            throw new IllegalArgumentException("not a mapping kind: " + kind);
        }
        if (destinations.isEmpty() || !destinations.containsAll(remote)) {
            throw new IllegalArgumentException("a mapped route needs destinations, remote ones among them");
        }
        return new Route(recipient, kind, destinations, remote, null, localDomain, reason);
    }

    public static Route relay(String recipient, NextHop nextHop, String reason) {
        return new Route(recipient, Kind.RELAY, List.of(recipient), List.of(recipient),
                Objects.requireNonNull(nextHop, "nextHop"), false, reason);
    }

    /**
     * A bounce to a valid SRS address of ours; {@code reversed} is what {@code Srs.reverse} gave. Counted
     * as off-site (usually it is) and not a local domain: accepted on its own authority, like a relay.
     */
    public static Route srsBounce(String recipient, String reversed, String reason) {
        return new Route(recipient, Kind.SRS_BOUNCE, List.of(reversed), List.of(reversed), null, false, reason);
    }

    /** No route. {@code localDomain}: the domain is ours (unknown user) rather than someone else's. */
    public static Route none(String recipient, boolean localDomain, String reason) {
        return new Route(recipient, Kind.NONE, List.of(), List.of(), null, localDomain, reason);
    }

    public static Route tempfail(String recipient, String reason) {
        return new Route(recipient, Kind.TEMPFAIL, List.of(), List.of(), null, false, reason);
    }

    public String recipient() {
        return recipient;
    }

    public Kind kind() {
        return kind;
    }

    /** Mail for this recipient can be accepted. */
    public boolean routable() {
        return kind != Kind.NONE && kind != Kind.TEMPFAIL;
    }

    /** Every final address (local and off-site); for LOCAL_USER and RELAY the recipient itself. */
    public List<String> destinations() {
        return destinations;
    }

    /** The destinations that are not ours (forwarded off-site, or the relay recipient). */
    public List<String> remoteDestinations() {
        return remote;
    }

    /** The destinations we deliver ourselves. */
    public List<String> localDestinations() {
        List<String> out = new ArrayList<>(destinations);
        out.removeAll(remote);
        return out;
    }

    /** The configured next hop of a RELAY route. */
    public Optional<NextHop> nextHop() {
        return Optional.ofNullable(nextHop);
    }

    /** The recipient's domain is one of James's local domains (its relay check lets it through). */
    public boolean localDomain() {
        return localDomain;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipient", recipient);
        m.put("kind", kind.keyword());
        m.put("destinations", destinations);
        m.put("remote", remote);
        if (nextHop != null) {
            m.put("nextHop", nextHop.toMap());
        }
        m.put("localDomain", localDomain);
        m.put("reason", reason);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Route)) {
            return false;
        }
        Route r = (Route) o;
        return recipient.equals(r.recipient) && kind == r.kind && destinations.equals(r.destinations)
                && remote.equals(r.remote) && Objects.equals(nextHop, r.nextHop) && localDomain == r.localDomain
                && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipient, kind, destinations, remote, nextHop, localDomain, reason);
    }

    @Override
    public String toString() {
        return recipient + " -> " + kind.keyword() + (destinations.isEmpty() ? "" : " " + destinations)
                + (nextHop == null ? "" : " via " + nextHop) + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
