package org.mxpack.testkit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One (possibly multi-line) SMTP reply as a client saw it: code, enhanced status code, text. */
public final class SmtpReply {
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s+|$)(.*)$", Pattern.DOTALL);

    private final int code;
    private final List<String> lines;

    SmtpReply(int code, List<String> lines) {
        this.code = code;
        this.lines = List.copyOf(lines);
    }

    public int code() {
        return code;
    }

    /** The raw lines as received, without CRLF. */
    public List<String> lines() {
        return lines;
    }

    /** The enhanced status code of the last line ({@code 5.7.1}), or empty. */
    public String enhanced() {
        Matcher m = ENHANCED.matcher(textOf(lines.get(lines.size() - 1)));
        return m.matches() ? m.group(1) : "";
    }

    /** The text of the last line after code and enhanced code. */
    public String text() {
        String t = textOf(lines.get(lines.size() - 1));
        Matcher m = ENHANCED.matcher(t);
        return m.matches() ? m.group(2) : t;
    }

    private static String textOf(String line) {
        return line.length() > 4 ? line.substring(4) : "";
    }

    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    /** The last line, e.g. {@code 550 5.7.1 Client host rejected: ...}. */
    @Override
    public String toString() {
        return lines.get(lines.size() - 1);
    }
}
