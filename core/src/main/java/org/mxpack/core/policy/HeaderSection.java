package org.mxpack.core.policy;

import java.io.ByteArrayOutputStream;

/**
 * Collects the header section of a message as its lines arrive in DATA, up to a bound, so lookups
 * that depend on the headers (DKIM keys, the author's DMARC policy) can start before the body is in.
 * Lines are as the client sent them (dot-stuffed, CRLF-terminated).
 */
public final class HeaderSection {
    /** Bytes of header kept at most: enough for any honest set of signatures, bounded for the rest. */
    public static final int MAX_BYTES = 64 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    private boolean complete;

    /**
     * Adds one DATA line; true exactly once: when the header section just ended (the empty line, the
     * end of DATA, or {@link #MAX_BYTES} reached).
     */
    public boolean add(byte[] line) {
        if (complete) {
            return false;
        }
        if (isEmptyLine(line) || isEndOfData(line) || bytes.size() + line.length > MAX_BYTES) {
            complete = true;
            return true;
        }
        bytes.write(line, 0, line.length);
        return false;
    }

    public boolean complete() {
        return complete;
    }

    /** The header lines collected so far. */
    public byte[] bytes() {
        return bytes.toByteArray();
    }

    private static boolean isEmptyLine(byte[] line) {
        return line.length == 0 || (line.length == 1 && line[0] == '\n')
                || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
    }

    private static boolean isEndOfData(byte[] line) {
        return line.length >= 1 && line[0] == '.' && (line.length == 1 || line[1] == '\r' || line[1] == '\n');
    }
}
