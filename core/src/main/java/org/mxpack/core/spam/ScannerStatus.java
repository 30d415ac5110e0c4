package org.mxpack.core.spam;

/** Whether the scanner answered: only {@link #OK} verdicts carry rspamd's judgement. */
public enum ScannerStatus {
    /** rspamd answered with a valid reply. */
    OK,
    /** rspamd could not be reached (connection refused, no route, unresolvable host). */
    UNAVAILABLE,
    /** rspamd did not answer within the time budget. */
    TIMEOUT,
    /** rspamd answered, but not usefully: an HTTP error, malformed JSON, an action mxpack does not model. */
    ERROR
}
