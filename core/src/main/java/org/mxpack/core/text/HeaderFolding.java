package org.mxpack.core.text;

/**
 * Folds a header value for writing (RFC 5322 §2.2.3): lines are broken before white space near 78
 * octets, and never run past 998 octets (§2.1.1), whatever the value. Every header mxpack writes goes
 * through here, so a long rspamd symbol list or a client-chosen Subject cannot make an invalid message.
 *
 * <p>The value is unfolded first (its own CRLF before white space removed, any other CR or LF made a
 * space), so folding twice gives the same result. A run without white space longer than a whole line
 * is cut at 998 octets with {@code CRLF SP}: unfolding then shows one extra space, the only way to keep
 * such a header valid without dropping text.
 */
public final class HeaderFolding {
    /** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, excluding CRLF. */
    public static final int SOFT_LIMIT = 78;
    /** RFC 5322 §2.1.1: lines MUST be at most 998 characters, excluding CRLF. */
    public static final int HARD_LIMIT = 998;

    private HeaderFolding() {
    }

    /** The value of {@code name} to hand to {@code addHeader(name, value)}: the first line holds "name: ". */
    public static String fold(String name, String value) {
        String v = unfold(value).stripTrailing();
        StringBuilder out = new StringBuilder(v.length() + 16);
        int col = name.length() + 2;
        int i = 0;
        while (i < v.length()) {
            int end = segmentEnd(v, i);
            String seg = v.substring(i, end);
            boolean atWhiteSpace = isWsp(seg.charAt(0));
            if (atWhiteSpace && col + octets(seg) > SOFT_LIMIT && !lineIsEmpty(out)) {
                out.append("\r\n");
                col = 0;
            }
            col = appendBounded(out, seg, col);
            i = end;
        }
        return out.toString();
    }

    /** RFC 5322 unfolding; stray CR or LF (never valid inside a header) become a space. */
    public static String unfold(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n' && i + 2 < value.length()
                    && isWsp(value.charAt(i + 2))) {
                i++; // CRLF before white space: a fold, removed
            } else if (c == '\r' || c == '\n') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** White space then the word after it (or the leading word): the unit that moves to a new line. */
    private static int segmentEnd(String v, int from) {
        int i = from;
        while (i < v.length() && isWsp(v.charAt(i))) {
            i++;
        }
        while (i < v.length() && !isWsp(v.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Appends, cutting with CRLF SP where a line would pass the hard limit; returns the new column. */
    private static int appendBounded(StringBuilder out, String seg, int col) {
        for (int k = 0; k < seg.length(); k++) {
            char c = seg.charAt(k);
            // a surrogate pair is one code point: never cut between its halves
            boolean pair = Character.isHighSurrogate(c) && k + 1 < seg.length()
                    && Character.isLowSurrogate(seg.charAt(k + 1));
            int n = pair ? 4 : octets(c);
            if (col + n > HARD_LIMIT) {
                out.append("\r\n");
                col = 0;
                if (!isWsp(c)) {
                    out.append(' ');
                    col = 1;
                }
            }
            out.append(c);
            if (pair) {
                out.append(seg.charAt(++k));
            }
            col += n;
        }
        return col;
    }

    private static boolean lineIsEmpty(StringBuilder out) {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    private static int octets(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += octets(s.charAt(i));
        }
        return n;
    }

    /** UTF-8 octets of one UTF-16 unit (a surrogate pair counts 2 + 2). */
    private static int octets(char c) {
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
}
