package org.mxpack.core.policy;

/** What the admin wants done with one SPF result ({@code <spf><onFail>reject</onFail>}). */
public enum SpfAction {
    /** Refuse permanently: 550 5.7.23 (fail, softfail, neutral, none) or 550 5.7.24 (permerror). */
    REJECT,
    /** Refuse for now: 451 4.7.24, the sender retries (a greylisting-like choice). */
    TEMPFAIL,
    /** Accept and record the result for Authentication-Results / Received-SPF. */
    ACCEPT
}
