package org.mxpack.core.spf;

import java.util.Locale;

/** One mechanism with its qualifier, as parsed from a record (RFC 7208 §4.6.1, §5). Immutable. */
final class Directive {
    enum Kind {
        ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS;

        /** Mechanisms that cost one of the ten DNS lookups (§4.6.4). */
        boolean countsTowardLimit() {
            return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
        }
    }

    final SpfResult qualifier;
    final Kind kind;
    /** The domain-spec, or null for "the current domain" (a, mx, ptr) / not applicable. */
    final String domainSpec;
    /** The network of ip4/ip6. */
    final Ip network;
    final int cidr4;
    final int cidr6;
    /** The term as written, without its qualifier: what Received-SPF {@code mechanism=} shows. */
    final String text;

    Directive(SpfResult qualifier, Kind kind, String domainSpec, Ip network, int cidr4, int cidr6, String text) {
        this.qualifier = qualifier;
        this.kind = kind;
        this.domainSpec = domainSpec;
        this.network = network;
        this.cidr4 = cidr4;
        this.cidr6 = cidr6;
        this.text = text;
    }

    static SpfResult qualifier(char c) {
        switch (c) {
            case '+':
                return SpfResult.PASS;
            case '-':
                return SpfResult.FAIL;
            case '~':
                return SpfResult.SOFTFAIL;
            case '?':
                return SpfResult.NEUTRAL;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return qualifier.keyword() + " " + text.toLowerCase(Locale.ROOT);
    }
}
