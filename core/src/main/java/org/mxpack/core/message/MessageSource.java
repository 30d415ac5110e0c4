package org.mxpack.core.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message as received (header section, blank line, body), opened as a stream as often as a check
 * needs it, so that no check has to hold the whole message in memory: in James the stream reads the
 * spooled message where it lies, offline it reads a byte array or a file.
 */
public interface MessageSource {
    /** A new stream over the whole message, from its first byte; the caller closes it. */
    InputStream open() throws IOException;

    /** Its size in bytes (an estimate is fine: used for sizing, never for parsing). */
    long size();

    static MessageSource of(byte[] raw) {
        return new MessageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(raw);
            }

            @Override
            public long size() {
                return raw.length;
            }
        };
    }
}
