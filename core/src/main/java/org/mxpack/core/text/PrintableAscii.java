package org.mxpack.core.text;

/**
 * Client-supplied text made safe for one SMTP reply line or one header line: controls (CR, LF,
 * TAB ...) become a space, non-ASCII code points {@code ?} (no SMTPUTF8), space runs collapse,
 * ends are trimmed. Shared by the reply table and the header renderers.
 */
public final class PrintableAscii {
    private PrintableAscii() {
    }

    /** At most {@code limit} characters of the cleaned text (the caller decides how to mark a cut). */
    public static String of(String raw, int limit) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), limit + 1));
        for (int i = 0; i < raw.length() && sb.length() < limit; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            char c;
            if (cp > 0x20 && cp < 0x7f) {
                c = (char) cp;
            } else if (cp <= 0x20 || cp == 0x7f || Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                c = ' ';
            } else {
                c = '?';
            }
            if (c == ' ' && (sb.length() == 0 || sb.charAt(sb.length() - 1) == ' ')) {
                continue;
            }
            sb.append(c);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        return sb.toString();
    }
}
