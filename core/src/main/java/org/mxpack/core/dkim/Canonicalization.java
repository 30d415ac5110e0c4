package org.mxpack.core.dkim;

import java.util.Locale;

/** RFC 6376 §3.4: the "simple" and "relaxed" header and body canonicalization algorithms. */
public enum Canonicalization {
    SIMPLE, RELAXED;

    public static Canonicalization parse(String text) throws DkimPermError {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "simple":
                return SIMPLE;
            case "relaxed":
                return RELAXED;
            default:
                throw new DkimPermError("unknown canonicalization '" + TagList.abbreviate(text) + "'");
        }
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Canonicalizes one header field (name, colon, value, continuation lines; no final CRLF) and appends
     * CRLF. Text is ISO-8859-1, one char per byte, so 8-bit headers pass through unchanged.
     */
    public String header(String field) {
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

    /** The canonical form of a whole body in memory (signing); verification streams ({@link BodyCanonicalizer}). */
    byte[] body(byte[] body, int offset, int length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length + 2);
        BodyCanonicalizer c = new BodyCanonicalizer(this, out::write);
        c.update(body, offset, length);
        c.finish();
        return out.toByteArray();
    }
}
