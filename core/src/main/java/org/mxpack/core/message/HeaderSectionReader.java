package org.mxpack.core.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message's header section off a stream, leaving the stream at the first byte of the body.
 * The bytes returned are the header lines as received (CRLF or bare LF), without the blank line that
 * ends them. Reads byte by byte: give it a buffered stream.
 */
public final class HeaderSectionReader {
    private HeaderSectionReader() {
    }

    /** Thrown when the header section is longer than the limit; nothing more is read. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("header section larger than " + limit + " bytes");
        }
    }

    /** The header section; {@link TooLarge} when it is longer than {@code maxBytes}. */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        byte[] head = readAtMost(in, maxBytes);
        if (head.length > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        return head;
    }

    /**
     * The header section, or when it is longer than {@code maxBytes} its first {@code maxBytes + 1}
     * bytes (what a caller that judges a too-large header by its beginning needs); never more.
     */
    public static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(Math.min(maxBytes, 16 * 1024));
        int lineLength = 0; // bytes of the current line before its LF, a CR included
        boolean lineIsOnlyCr = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (lineLength == 0 || (lineLength == 1 && lineIsOnlyCr)) {
                    byte[] out = head.toByteArray();
                    return java.util.Arrays.copyOf(out, out.length - lineLength); // drop the blank line's CR
                }
                head.write(b);
                lineLength = 0;
                lineIsOnlyCr = false;
                continue;
            }
            lineIsOnlyCr = lineLength == 0 && b == '\r';
            lineLength++;
            head.write(b);
            if (head.size() > maxBytes) {
                return head.toByteArray();
            }
        }
        return head.toByteArray(); // no blank line: all header, no body
    }
}
