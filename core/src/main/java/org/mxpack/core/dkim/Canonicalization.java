package org.mxpack.core.dkim;

import java.util.Arrays;
import java.util.Locale;

/** RFC 6376 §3.4: the "simple" and "relaxed" header and body canonicalization algorithms. */
enum Canonicalization {
    SIMPLE, RELAXED;

    static Canonicalization parse(String text) throws DkimPermError {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "simple":
                return SIMPLE;
            case "relaxed":
                return RELAXED;
            default:
                throw new DkimPermError("unknown canonicalization '" + TagList.abbreviate(text) + "'");
        }
    }

    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Canonicalizes one header field (name, colon, value, continuation lines; no final CRLF) and appends
     * CRLF. Text is ISO-8859-1, one char per byte, so 8-bit headers pass through unchanged.
     */
    String header(String field) {
        if (this == SIMPLE) {
            return field + "\r\n";
        }
        int colon = field.indexOf(':');
        String name = colon < 0 ? field : field.substring(0, colon);
        String value = colon < 0 ? "" : field.substring(colon + 1);
        StringBuilder b = new StringBuilder(field.length() + 2);
        b.append(name.trim().toLowerCase(Locale.ROOT)).append(':');
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfold
            }
            if (c == ' ' || c == '\t') {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                b.append(' ');
                pendingSpace = false;
            }
            b.append(c);
            started = true;
        }
        return b.append("\r\n").toString();
    }

    /**
     * Canonicalizes a body whose lines all end in CRLF (a final line without CRLF gets one). The output is
     * never longer than the input plus that CRLF, so one array is allocated up front.
     */
    byte[] body(byte[] body, int offset, int length) {
        byte[] out = new byte[length + 2];
        int n = 0;
        int pendingEmptyLines = 0;
        int end = offset + length;
        int lineStart = offset;
        while (lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < end && !(body[lineEnd] == '\r' && lineEnd + 1 < end && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            int next = lineEnd < end ? lineEnd + 2 : end;
            int contentEnd = lineEnd;
            if (this == RELAXED) {
                while (contentEnd > lineStart && isWsp(body[contentEnd - 1])) {
                    contentEnd--;
                }
            }
            if (contentEnd == lineStart) {
                pendingEmptyLines++; // trailing empty lines are dropped, inner ones kept
            } else {
                for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                    out[n++] = '\r';
                    out[n++] = '\n';
                }
                if (this == RELAXED) {
                    boolean space = false;
                    for (int i = lineStart; i < contentEnd; i++) {
                        if (isWsp(body[i])) {
                            space = true;
                        } else {
                            if (space) {
                                out[n++] = ' ';
                                space = false;
                            }
                            out[n++] = body[i];
                        }
                    }
                } else {
                    System.arraycopy(body, lineStart, out, n, contentEnd - lineStart);
                    n += contentEnd - lineStart;
                }
                out[n++] = '\r';
                out[n++] = '\n';
            }
            lineStart = next;
        }
        if (n == 0 && this == SIMPLE) {
            return new byte[] {'\r', '\n'}; // §3.4.3: an empty body is one CRLF under "simple"
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
