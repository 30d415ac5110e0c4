package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streaming body canonicalizer gives the same bytes however the body is cut into chunks (a CRLF
 * split across two reads, a run of WSP across three), and matches RFC 6376 §3.4.5's examples.
 */
class BodyCanonicalizerTest {
    private static byte[] canonical(Canonicalization c, byte[] body, List<Integer> cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCanonicalizer canon = new BodyCanonicalizer(c, out::write);
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(body.length, from + cut);
            canon.update(body, from, to - from);
            from = to;
        }
        canon.update(body, from, body.length - from);
        long written = canon.finish();
        assertThat(written).isEqualTo(out.size());
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) ' ', (byte) '\t', (byte) '\r', (byte) '\n', (byte) 0xff)
                .list().ofMaxSize(200).map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return b;
                });
    }

    @Property
    void chunkingNeverChangesTheResult(@ForAll("bodies") byte[] body,
            @ForAll("cuts") List<Integer> cuts) {
        for (Canonicalization c : Canonicalization.values()) {
            assertThat(canonical(c, body, cuts)).isEqualTo(canonical(c, body, List.of()));
        }
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 7).list().ofMaxSize(60);
    }

    @Test
    void rfc6376Examples() {
        byte[] body = " C \r\nD \t E\r\n\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(new String(canonical(Canonicalization.RELAXED, body, List.of(1, 1, 1)))).isEqualTo(" C\r\nD E\r\n");
        assertThat(new String(canonical(Canonicalization.SIMPLE, body, List.of(3)))).isEqualTo(" C \r\nD \t E\r\n");
        assertThat(new String(canonical(Canonicalization.SIMPLE, new byte[0], List.of()))).isEqualTo("\r\n");
        assertThat(canonical(Canonicalization.RELAXED, new byte[0], List.of())).isEmpty();
        // bare LF line ends are read as CRLF; a last line without one gets one
        assertThat(new String(canonical(Canonicalization.SIMPLE, "a\nb".getBytes(), List.of()))).isEqualTo("a\r\nb\r\n");
    }
}
