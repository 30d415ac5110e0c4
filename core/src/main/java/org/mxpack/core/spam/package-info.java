/**
 * Content scanning with rspamd over its HTTP protocol ({@code POST /checkv2} to the normal worker).
 *
 * <p>Entry point for the end-of-DATA hook: {@link org.mxpack.core.spam.RspamdClient#check(SpamRequest)}
 * gives a {@link org.mxpack.core.spam.SpamVerdict} — rspamd's {@link org.mxpack.core.spam.SpamAction}, scores,
 * symbols, header edits, new subject and SMTP message, or, when rspamd could not answer, a
 * {@link org.mxpack.core.spam.ScannerStatus} other than {@code OK} with the reason, so the hook can fail open
 * or closed. {@link org.mxpack.core.spam.SpamVerdict#headers()} lists the headers to add on accept.
 */
package org.mxpack.core.spam;
