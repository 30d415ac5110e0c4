package org.mxpack.core.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.mxpack.core.text.Lines;

/**
 * A message split into header fields and body. Bare LF line ends (files on disk) are read as CRLF,
 * since DKIM signs the CRLF form that travelled over SMTP. Header fields are kept as ISO-8859-1 text
 * (one char per byte, lossless) without their final CRLF; the body stays bytes. The static helpers are
 * shared with {@code org.mxpack.core.arc}.
 */
public final class RawMessage {
    private final List<String> fields;
    private final byte[] body;
    private final int bodyOffset;

    private RawMessage(List<String> fields, byte[] body, int bodyOffset) {
        this.fields = Collections.unmodifiableList(fields);
        this.body = body;
        this.bodyOffset = bodyOffset;
    }

    /**
     * Parses a message; throws {@link DkimPermError} when the header section exceeds {@code maxHeaderBytes}
     * or the body exceeds {@code maxBodyBytes} (the caller turns that into a neutral verdict).
     */
    static RawMessage parse(byte[] raw, int maxHeaderBytes, int maxBodyBytes) throws DkimPermError {
        byte[] crlf = toCrlf(raw);
        int headerEnd = -1; // index of the CRLF that ends the last header line
        int bodyStart = crlf.length;
        if (crlf.length >= 2 && crlf[0] == '\r' && crlf[1] == '\n') {
            headerEnd = 0;
            bodyStart = 2;
        } else {
            for (int i = 0; i + 3 < crlf.length; i++) {
                if (crlf[i] == '\r' && crlf[i + 1] == '\n' && crlf[i + 2] == '\r' && crlf[i + 3] == '\n') {
                    headerEnd = i;
                    bodyStart = i + 4;
                    break;
                }
                if (i > maxHeaderBytes) {
                    throw new DkimPermError("header section larger than " + maxHeaderBytes + " bytes");
                }
            }
            if (headerEnd < 0) {
                headerEnd = crlf.length; // headers only, no body
            }
        }
        if (headerEnd > maxHeaderBytes) {
            throw new DkimPermError("header section larger than " + maxHeaderBytes + " bytes");
        }
        if (crlf.length - bodyStart > maxBodyBytes) {
            throw new DkimPermError("body larger than " + maxBodyBytes + " bytes");
        }
        List<String> fields = fields(java.util.Arrays.copyOf(crlf, headerEnd));
        return new RawMessage(fields, crlf, Math.min(bodyStart, crlf.length));
    }

    /** The header fields of a header section (CRLF line ends, no blank line), folded fields kept whole. */
    public static List<String> fields(byte[] headerSection) {
        String head = new String(headerSection, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Lines.crlf(head)) {
            if (current != null && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                current.append("\r\n").append(line); // continuation of a folded field
                continue;
            }
            if (current != null) {
                fields.add(current.toString());
            }
            current = line.isEmpty() ? null : new StringBuilder(line);
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    /** Returns the input when it has no bare LF, else a copy with every bare LF turned into CRLF. */
    public static byte[] toCrlf(byte[] raw) {
        int bare = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return raw;
        }
        byte[] out = new byte[raw.length + bare];
        int j = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out[j++] = '\r';
            }
            out[j++] = raw[i];
        }
        return out;
    }

    /** Every header field, top to bottom, as written (no final CRLF). */
    List<String> fields() {
        return fields;
    }

    /** The name of a field as written before the colon, trimmed (case preserved). */
    public static String nameOf(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).trim();
    }

    static boolean hasName(String field, String lowerName) {
        return nameOf(field).toLowerCase(Locale.ROOT).equals(lowerName);
    }

    /** The value after the first colon, unchanged. */
    public static String valueOf(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(colon + 1);
    }

    byte[] bodyBytes() {
        return body;
    }

    int bodyOffset() {
        return bodyOffset;
    }

    int bodyLength() {
        return body.length - bodyOffset;
    }
}
