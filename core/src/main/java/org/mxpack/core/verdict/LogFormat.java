package org.mxpack.core.verdict;

/**
 * logfmt-style {@code key=value} fields for the pack's one-line logs: a value is bare when it is
 * printable ASCII without space, {@code =}, {@code "} or {@code \}, else a quoted string with
 * {@code \"} and {@code \\}. Line breaks, controls and invisible format characters become spaces,
 * and values are bounded, so client data can neither split nor forge a log line.
 */
public final class LogFormat {
    /** Longest value written, in characters. */
    public static final int MAX_VALUE = 300;

    private LogFormat() {
    }

    /** Appends {@code " key=value"}. */
    public static StringBuilder field(StringBuilder sb, String key, String value) {
        return sb.append(' ').append(key).append('=').append(value(value));
    }

    public static String value(String raw) {
        String s = clean(raw);
        boolean bare = !s.isEmpty();
        for (int i = 0; i < s.length() && bare; i++) {
            char c = s.charAt(i);
            bare = c > 0x20 && c < 0x7f && c != '=' && c != '"' && c != '\\';
        }
        if (bare) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_VALUE + 3));
        int[] cps = raw.codePoints().limit(MAX_VALUE + 1L).toArray();
        for (int cp : cps) {
            int type = Character.getType(cp);
            boolean invisible = Character.isISOControl(cp) || (cp != ' ' && Character.isWhitespace(cp))
                    || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE;
            sb.appendCodePoint(invisible ? ' ' : cp);
        }
        if (cps.length > MAX_VALUE) {
            sb.setLength(sb.offsetByCodePoints(0, MAX_VALUE - 3));
            sb.append("...");
        }
        return sb.toString();
    }
}
