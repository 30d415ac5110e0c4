package org.mxpack.core.reply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * THE mapping (stage, reason, detail) to SMTP reply: every refusal of the pack is built here and
 * nowhere else (RFC 5321, RFC 3463, RFC 7372, RFC 7505; DESIGN.md §4). Accept replies are not
 * here: James writes its own 250s.
 *
 * <p>Choices not fixed by DESIGN.md §4:
 * <ul>
 * <li>At CONNECT only 554 (permanent) and 421 (temporary, closes the channel) are meaningful
 *     (RFC 5321 §3.1, §4.2.3), so temporary refusals there are 421 with the same enhanced code.</li>
 * <li>DKIM_TEMPERROR and DMARC_TEMPERROR are {@code 451 4.7.1}: RFC 7372 registers X.7.20-X.7.22
 *     and X.7.26 with basic code 550 only, and X.7.26 means "multiple authentication checks
 *     failed", which a temporary error is not; X.7.1 is registered with 451 (RFC 5248 registry).
 *     IPREV_TEMPERROR keeps {@code 450 4.7.25} as DESIGN.md says (Postfix precedent).</li>
 * <li>HELO_SYNTAX is {@code 501 5.5.2} at HELO; when a hook defers the HELO verdict to MAIL/RCPT
 *     the reply is {@code 550 5.7.1}, as 501/5.5.2 there would blame the wrong command.</li>
 * <li>FORWARD_DMARC reuses {@code 550 5.7.26}: the message fails DMARC, i.e. both SPF and DKIM.</li>
 * </ul>
 * Asking for a reason at a stage it has no row for (e.g. DKIM at HELO) is a programming error
 * and throws {@link IllegalArgumentException}.
 */
public final class ReplyTable {
    private static final String PLACEHOLDER = "{}";
    private static final Map<Reason, Entry> TABLE = new EnumMap<>(Reason.class);

    static {
        Stage connect = Stage.CONNECT;
        Stage helo = Stage.HELO;
        Stage mail = Stage.MAIL;
        Stage rcpt = Stage.RCPT;
        Stage data = Stage.DATA;
        row(Reason.CLIENT_BLOCKED, "Client host rejected: {}", "access denied")
                .at(554, "5.7.1", connect).at(550, "5.7.1", helo, mail, rcpt);
        row(Reason.DNSBL_LISTED, "Client host rejected: {}", "listed on a DNS block list")
                .at(554, "5.7.1", connect).at(550, "5.7.1", helo, mail, rcpt);
        row(Reason.IPREV_FAIL, "Client host rejected: {}", "reverse DNS validation failed")
                .at(554, "5.7.25", connect).at(550, "5.7.25", helo, mail, rcpt);
        row(Reason.IPREV_TEMPERROR, "Client host rejected: {}", "temporary error validating reverse DNS, try again later")
                .at(421, "4.7.25", connect).at(450, "4.7.25", helo, mail, rcpt);
        row(Reason.HELO_SYNTAX, "Helo command rejected: {}", "invalid HELO/EHLO argument")
                .at(501, "5.5.2", helo).at(550, "5.7.1", mail, rcpt);
        row(Reason.HELO_FORGED, "Helo command rejected: {}", "forged HELO/EHLO name")
                .at(550, "5.7.1", helo, mail, rcpt);
        row(Reason.SENDER_BLOCKED, "Sender address rejected: {}", "access denied")
                .at(550, "5.7.1", mail, rcpt);
        row(Reason.SPF_FAIL, "SPF: {}", "sender not permitted by the domain's SPF policy")
                .at(550, "5.7.23", helo, mail, rcpt, data);
        row(Reason.SPF_PERMERROR, "SPF: {}", "permanent error in the domain's SPF record")
                .at(550, "5.7.24", helo, mail, rcpt, data);
        row(Reason.SPF_TEMPERROR, "SPF: {}", "temporary DNS error, try again later")
                .at(451, "4.7.24", helo, mail, rcpt, data);
        row(Reason.NULL_MX, "Sender address rejected: {}", "sender domain accepts no mail (null MX)")
                .at(550, "5.7.27", mail, rcpt);
        row(Reason.NO_ROUTE, "{}: no route to this recipient here", "Recipient address rejected")
                .at(550, "5.1.1", rcpt);
        row(Reason.SRS_INVALID, "{}: invalid or expired SRS address", "Recipient address rejected")
                .at(550, "5.1.1", rcpt);
        row(Reason.TOO_MANY_RECIPIENTS, "Too many recipients: {}", "send the rest in another transaction")
                .at(452, "4.5.3", rcpt);
        row(Reason.DKIM_NO_PASS, "DKIM: {}", "no passing DKIM signature found")
                .at(550, "5.7.20", data);
        row(Reason.DKIM_NOT_ACCEPTABLE, "DKIM: {}", "no acceptable DKIM signature found")
                .at(550, "5.7.21", data);
        row(Reason.DKIM_NOT_ALIGNED, "DKIM: {}", "no valid author-matched DKIM signature found")
                .at(550, "5.7.22", data);
        row(Reason.DKIM_TEMPERROR, "DKIM: {}", "temporary error verifying signatures, try again later")
                .at(451, "4.7.1", data);
        row(Reason.DMARC_REJECT, "DMARC: {}", "message failed the author domain's policy")
                .at(550, "5.7.26", data);
        row(Reason.DMARC_TEMPERROR, "DMARC: {}", "temporary error evaluating the author domain's policy, try again later")
                .at(451, "4.7.1", data);
        row(Reason.SPAM_REJECT, "Message content rejected: {}", "classified as spam")
                .at(550, "5.7.1", data);
        row(Reason.SPAM_SOFT, "Message content deferred: {}", "classified as possible spam, try again later")
                .at(451, "4.7.1", data);
        row(Reason.MESSAGE_TOO_BIG, "Message too big: {}", "exceeds the size limit")
                .at(552, "5.3.4", mail, data);
        row(Reason.TOO_MANY_REFUSED_RECIPIENTS, "Too many refused recipients: {}", "closing the connection")
                .at(421, "4.7.0", rcpt);
        row(Reason.HEADER_TOO_BIG, "Message header too big: {}", "the header section exceeds the limit")
                .at(552, "5.3.4", data);
        row(Reason.TOO_MANY_AUTHORS, "Message rejected as malformed: {}", "too many author domains in From")
                .at(554, "5.6.0", data);
        row(Reason.BACKEND_ERROR, "Temporary local problem: {}", "try again later")
                .at(421, "4.3.0", connect).at(451, "4.3.0", helo, mail, rcpt, data);
        row(Reason.DNS_TIMEOUT, "Temporary DNS failure: {}", "try again later")
                .at(421, "4.4.3", connect).at(451, "4.4.3", helo, mail, rcpt, data);
        row(Reason.FORWARD_DMARC, "Cannot forward: {}", "message fails its author domain's DMARC policy (p=reject)")
                .at(550, "5.7.26", data);
        for (Reason r : Reason.values()) {
            if (!TABLE.containsKey(r) || TABLE.get(r).codes.isEmpty()) {
                throw new ExceptionInInitializerError("reply table has no row for " + r);
            }
        }
    }

    private ReplyTable() {
    }

    /**
     * The reply for a refusal. {@code detail} replaces the template's placeholder (see each
     * {@link Reason}); null or blank uses the reason's default wording. It is sanitised, so
     * client-supplied text is safe here.
     *
     * @throws IllegalArgumentException when the reason has no row for this stage
     */
    public static SmtpReply reply(Stage stage, Reason reason, String detail) {
        Entry e = TABLE.get(Objects.requireNonNull(reason, "reason"));
        Code code = e.codes.get(Objects.requireNonNull(stage, "stage"));
        if (code == null) {
            throw new IllegalArgumentException(reason + " is not a refusal of stage " + stage
                    + " (allowed: " + e.codes.keySet() + ")");
        }
        String d = detail == null || detail.trim().isEmpty() ? e.defaultDetail : detail;
        // replace, not String.format: a '%' or '{}' in client data must stay literal
        int at = e.template.indexOf(PLACEHOLDER);
        String text = e.template.substring(0, at) + d + e.template.substring(at + PLACEHOLDER.length());
        return SmtpReply.of(code.code, code.enhanced, text);
    }

    /** The reply with the reason's default wording. */
    public static SmtpReply reply(Stage stage, Reason reason) {
        return reply(stage, reason, null);
    }

    /** True when {@code reason} may be used at {@code stage}. */
    public static boolean allows(Stage stage, Reason reason) {
        return TABLE.get(reason).codes.containsKey(stage);
    }

    // ---- typed helpers for the common rows ----

    /** {@code Client host rejected: 192.0.2.7 is listed on zen.example (127.0.0.2)}. */
    public static SmtpReply dnsblListed(Stage stage, String ip, String zone, String returnCode) {
        return reply(stage, Reason.DNSBL_LISTED, ip + " is listed on " + zone + " (" + returnCode + ")");
    }

    /** {@code SPF: example.com does not designate 192.0.2.7 as permitted sender}. */
    public static SmtpReply spfFail(Stage stage, String domain, String ip) {
        return reply(stage, Reason.SPF_FAIL, domain + " does not designate " + ip + " as permitted sender");
    }

    /** {@code SPF: temporary DNS error looking up example.com}. */
    public static SmtpReply spfTemperror(Stage stage, String domain) {
        return reply(stage, Reason.SPF_TEMPERROR, "temporary DNS error looking up " + domain);
    }

    /** {@code SPF: permanent error in example.com SPF record: <problem>}. */
    public static SmtpReply spfPermerror(Stage stage, String domain, String problem) {
        String p = problem == null || problem.trim().isEmpty() ? "" : ": " + problem;
        return reply(stage, Reason.SPF_PERMERROR, "permanent error in " + domain + " SPF record" + p);
    }

    /** {@code Sender address rejected: <user@example.com>: example.com accepts no mail (null MX)}. */
    public static SmtpReply nullMx(Stage stage, String sender, String domain) {
        return reply(stage, Reason.NULL_MX, angle(sender) + ": " + domain + " accepts no mail (null MX)");
    }

    /** {@code <nobody@example.org>: no route to this recipient here}, at RCPT. */
    public static SmtpReply noRoute(String recipient) {
        return reply(Stage.RCPT, Reason.NO_ROUTE, angle(recipient));
    }

    /** {@code <SRS0=...@example.org>: invalid or expired SRS address}, at RCPT. */
    public static SmtpReply srsInvalid(String recipient) {
        return reply(Stage.RCPT, Reason.SRS_INVALID, angle(recipient));
    }

    /** {@code DMARC: message failed example.com policy (p=reject)}, at end of DATA. */
    public static SmtpReply dmarcReject(String domain, String policy) {
        return reply(Stage.DATA, Reason.DMARC_REJECT, "message failed " + domain + " policy (p=" + policy + ")");
    }

    private static String angle(String address) {
        String a = address == null ? "" : address;
        return a.startsWith("<") && a.endsWith(">") ? a : "<" + a + ">";
    }

    /** Every row of the table, for tests and documentation. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Reason, Entry> e : TABLE.entrySet()) {
            for (Map.Entry<Stage, Code> c : e.getValue().codes.entrySet()) {
                rows.add(new Row(c.getKey(), e.getKey(), c.getValue().code, c.getValue().enhanced,
                        e.getValue().template));
            }
        }
        return Collections.unmodifiableList(rows);
    }

    private static Entry row(Reason reason, String template, String defaultDetail) {
        if (template.indexOf(PLACEHOLDER) < 0) {
            throw new ExceptionInInitializerError("template without placeholder: " + reason);
        }
        Entry e = new Entry(template, defaultDetail);
        TABLE.put(reason, e);
        return e;
    }

    /** One (stage, reason) row: its codes and text template. */
    public static final class Row {
        private final Stage stage;
        private final Reason reason;
        private final int code;
        private final String enhanced;
        private final String template;

        Row(Stage stage, Reason reason, int code, String enhanced, String template) {
            this.stage = stage;
            this.reason = reason;
            this.code = code;
            this.enhanced = enhanced;
            this.template = template;
        }

        public Stage stage() {
            return stage;
        }

        public Reason reason() {
            return reason;
        }

        public int code() {
            return code;
        }

        public String enhanced() {
            return enhanced;
        }

        public String template() {
            return template;
        }

        @Override
        public String toString() {
            return stage + " " + reason + " -> " + code + " " + enhanced + " " + template;
        }
    }

    private static final class Entry {
        final String template;
        final String defaultDetail;
        final Map<Stage, Code> codes = new EnumMap<>(Stage.class);

        Entry(String template, String defaultDetail) {
            this.template = template;
            this.defaultDetail = defaultDetail;
        }

        Entry at(int code, String enhanced, Stage... stages) {
            for (Stage s : stages) {
                if (codes.put(s, new Code(code, enhanced)) != null) {
                    throw new ExceptionInInitializerError("two rows for " + s);
                }
            }
            return this;
        }
    }

    private static final class Code {
        final int code;
        final String enhanced;

        Code(int code, String enhanced) {
            this.code = code;
            this.enhanced = enhanced;
        }
    }
}
