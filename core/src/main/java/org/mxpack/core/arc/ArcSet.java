package org.mxpack.core.arc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The three header fields of one new ARC set, each whole ({@code Name: value}, folded with CRLF, no final
 * CRLF). They go on top of the message in the order of {@link #fields()}: ARC-Seal, ARC-Message-Signature,
 * ARC-Authentication-Results. In javax.mail, each is one {@code addHeaderLine}-style line; they belong
 * above every existing field (in particular above older ARC sets and the trace fields).
 */
public final class ArcSet {
    private final int instance;
    private final String authenticationResults;
    private final String messageSignature;
    private final String seal;

    ArcSet(int instance, String authenticationResults, String messageSignature, String seal) {
        this.instance = instance;
        this.authenticationResults = Objects.requireNonNull(authenticationResults);
        this.messageSignature = Objects.requireNonNull(messageSignature);
        this.seal = Objects.requireNonNull(seal);
    }

    public int instance() {
        return instance;
    }

    /** {@code ARC-Authentication-Results: i=N; authserv-id; ...}. */
    public String authenticationResults() {
        return authenticationResults;
    }

    /** {@code ARC-Message-Signature: i=N; ...}. */
    public String messageSignature() {
        return messageSignature;
    }

    /** {@code ARC-Seal: i=N; ...}. */
    public String seal() {
        return seal;
    }

    /** Top to bottom as they are prepended: ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results. */
    public List<String> fields() {
        return List.of(seal, messageSignature, authenticationResults);
    }

    /** The three fields, each ended by CRLF, ready to put before the message's first header line. */
    public String headerBlock() {
        StringBuilder b = new StringBuilder();
        for (String f : fields()) {
            b.append(f).append("\r\n");
        }
        return b.toString();
    }

    /** {@code raw} with this set on top; LF-only messages get LF line ends in the new fields too. */
    public byte[] prependTo(byte[] raw) {
        String block = headerBlock();
        int lf = indexOf(raw, (byte) '\n');
        if (lf >= 0 && (lf == 0 || raw[lf - 1] != '\r')) {
            block = block.replace("\r\n", "\n");
        }
        byte[] head = block.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + raw.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        return out;
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return headerBlock();
    }
}
