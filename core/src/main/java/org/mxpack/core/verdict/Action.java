package org.mxpack.core.verdict;

/**
 * What a check decided. The SHADOW_ actions record "would have refused" when the check's reject
 * switch is off (observe mode): the hook accepts, the log and attributes still say why.
 */
public enum Action {
    ACCEPT,
    REJECT,
    TEMPFAIL,
    SHADOW_REJECT,
    SHADOW_TEMPFAIL;

    /** The hook must answer with the decision's reply (DENY / DENYSOFT). */
    public boolean refuses() {
        return this == REJECT || this == TEMPFAIL;
    }

    /** Observe mode: the check would have refused but did not. */
    public boolean isShadow() {
        return this == SHADOW_REJECT || this == SHADOW_TEMPFAIL;
    }

    /** Carries a reply: every action but ACCEPT. */
    public boolean hasReply() {
        return this != ACCEPT;
    }

    /** The reply class this action requires: 5xx for (shadow) rejects, 4xx for (shadow) tempfails. */
    boolean wantsPermanent() {
        return this == REJECT || this == SHADOW_REJECT;
    }
}
