package org.mxpack.core.routes;

import java.util.Locale;

/**
 * What to do with a recipient whose route forwards off-site when the forwarded copy would fail DMARC
 * at the next hop (the author domain publishes {@code p=reject} and no aligned DKIM signature passes):
 * the admin's choice per route kind, {@code <forwardability><onForward>} / {@code <onRelay>}.
 */
public enum ForwardAction {
    /** Refuse the whole message at end of DATA: {@code 550 5.7.26 Cannot forward: ...}. */
    REJECT,
    /** Accept, and deliver this recipient's copy here instead of off-site (see {@link Forwardability}). */
    LOCAL,
    /** Accept and forward anyway; the decision is recorded. */
    FORWARD;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ForwardAction fromKeyword(String keyword) {
        return valueOf(keyword.trim().toUpperCase(Locale.ROOT));
    }
}
