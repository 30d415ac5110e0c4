package org.mxpack.core.dkim;

/**
 * RFC 6376 §3.4.3 / §3.4.4 body canonicalization as a stream: bytes in, canonical bytes out to a
 * {@link Sink}, in constant memory whatever the body size. Lines end in CRLF or a bare LF (read as
 * CRLF, as the message travelled over SMTP); trailing empty lines are held back and dropped at the end.
 */
final class BodyCanonicalizer {
    /** Where canonical bytes go. */
    interface Sink {
        void write(byte[] b, int off, int len);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private final boolean relaxed;
    private final Sink sink;
    private final byte[] out = new byte[4096];
    private int n;
    private long written;
    private long pendingEmptyLines;
    private boolean lineStarted;
    private boolean pendingSpace;
    private boolean pendingCr;

    BodyCanonicalizer(Canonicalization canonicalization, Sink sink) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        this.sink = sink;
    }

    void update(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    endLine();
                    continue;
                }
                content((byte) '\r');
            }
            if (c == '\r') {
                pendingCr = true;
            } else if (c == '\n') {
                endLine();
            } else {
                content(c);
            }
        }
    }

    /** Ends the body; returns the number of canonical bytes written. */
    long finish() {
        if (pendingCr) {
            pendingCr = false;
            content((byte) '\r');
        }
        if (lineStarted) {
            endLine(); // a last line without CRLF gets one
        }
        if (written + n == 0 && !relaxed) {
            emit(CRLF[0]);
            emit(CRLF[1]); // §3.4.3: an empty body is one CRLF under "simple"
        }
        flush();
        return written;
    }

    private void content(byte c) {
        if (relaxed && (c == ' ' || c == '\t')) {
            pendingSpace = true; // runs of WSP become one SP; at the end of a line, none
            return;
        }
        if (!lineStarted) {
            lineStarted = true;
            for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                emit(CRLF[0]);
                emit(CRLF[1]);
            }
        }
        if (pendingSpace) {
            pendingSpace = false;
            emit((byte) ' ');
        }
        emit(c);
    }

    private void endLine() {
        if (lineStarted) {
            emit(CRLF[0]);
            emit(CRLF[1]);
        } else {
            pendingEmptyLines++;
        }
        lineStarted = false;
        pendingSpace = false;
    }

    private void emit(byte c) {
        if (n == out.length) {
            flush();
        }
        out[n++] = c;
    }

    private void flush() {
        if (n > 0) {
            sink.write(out, 0, n);
            written += n;
            n = 0;
        }
    }
}
