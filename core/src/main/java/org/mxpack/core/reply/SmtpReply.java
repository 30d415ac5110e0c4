package org.mxpack.core.reply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mxpack.core.text.PrintableAscii;

/**
 * One single-line SMTP reply: basic code, RFC 3463 enhanced status code and text, rendered
 * {@code 550 5.7.1 text}. The text is sanitised on construction (printable ASCII only, no CR/LF,
 * bounded so the whole line with CRLF fits RFC 5321's 512 octets), so client-supplied data put
 * into it can never break or extend the reply.
 */
public final class SmtpReply {
    /** RFC 5321 §4.5.3.1.5: a reply line, including its CRLF, is at most 512 octets. */
    public static final int MAX_LINE_OCTETS = 512;

    private static final Pattern ENHANCED = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern LINE = Pattern.compile("(\\d{3}) ([245]\\.\\d{1,3}\\.\\d{1,3})(?: (.*))?", Pattern.DOTALL);

    private final int code;
    private final String enhanced;
    private final String text;

    private SmtpReply(int code, String enhanced, String text) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        Matcher m = ENHANCED.matcher(Objects.requireNonNull(enhanced, "enhanced"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not an enhanced status code (class.subject.detail): " + enhanced);
        }
        // RFC 3463 §2: the class digit must agree with the first digit of the basic code.
        if (m.group(1).charAt(0) - '0' != code / 100) {
            throw new IllegalArgumentException("enhanced status " + enhanced + " does not match reply code " + code);
        }
        this.code = code;
        this.enhanced = enhanced;
        this.text = sanitize(text, maxTextLength(enhanced));
    }

    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, enhanced, text);
    }

    /** Parses {@code "550 5.7.1 text"} (the form {@link #toString()} writes). */
    public static SmtpReply parse(String line) {
        Matcher m = LINE.matcher(Objects.requireNonNull(line, "line"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a reply of the form '550 5.7.1 text': " + line);
        }
        return new SmtpReply(Integer.parseInt(m.group(1)), m.group(2), m.group(3));
    }

    /** Longest text that keeps {@code "CODE ENH TEXT\r\n"} within 512 octets. */
    static int maxTextLength(String enhanced) {
        return MAX_LINE_OCTETS - 2 - 4 - enhanced.length() - 1;
    }

    /**
     * Printable ASCII only: CR, LF, TAB and other controls become a space, non-ASCII code points
     * become {@code ?}, runs of spaces collapse, and the result is cut to {@code max} (ending in
     * {@code ...} when cut).
     */
    static String sanitize(String raw, int max) {
        // a few characters beyond max tell whether the text was cut
        String clean = PrintableAscii.of(raw, max + 4);
        return clean.length() > max ? clean.substring(0, max - 3) + "..." : clean;
    }

    public int code() {
        return code;
    }

    /** The basic code as James's {@code HookResult.smtpReturnCode(...)} wants it, e.g. {@code "550"}. */
    public String codeString() {
        return Integer.toString(code);
    }

    public String enhanced() {
        return enhanced;
    }

    public String text() {
        return text;
    }

    /** Enhanced code and text, e.g. {@code "5.7.23 SPF: ..."}, for {@code HookResult.smtpDescription(...)}. */
    public String description() {
        return text.isEmpty() ? enhanced : enhanced + " " + text;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    public boolean isTemporary() {
        return code >= 400 && code < 500;
    }

    /** 421 means the server closes the channel (RFC 5321 §3.8); James needs {@code disconnected(...)} for it. */
    public boolean closesConnection() {
        return code == 421;
    }

    /** {@code {code: Long, enhanced: String, text: String}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("code", (long) code);
        map.put("enhanced", enhanced);
        map.put("text", text);
        return map;
    }

    public static SmtpReply fromMap(Map<String, ?> map) {
        Object code = map.get("code");
        Object enhanced = map.get("enhanced");
        Object text = map.get("text");
        if (!(code instanceof Number) || !(enhanced instanceof String) || (text != null && !(text instanceof String))) {
            throw new IllegalArgumentException("not a stored SMTP reply: " + map);
        }
        return new SmtpReply(((Number) code).intValue(), (String) enhanced, (String) text);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmtpReply)) {
            return false;
        }
        SmtpReply r = (SmtpReply) o;
        return code == r.code && enhanced.equals(r.enhanced) && text.equals(r.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhanced, text);
    }

    /** {@code 550 5.7.1 text}, without CRLF. */
    @Override
    public String toString() {
        return code + " " + description();
    }
}
