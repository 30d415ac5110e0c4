package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4: the examples of §3.4.5 and the empty-body rules of §3.4.3 / §3.4.4. */
class CanonicalizationTest {
    private static final String BODY = " C \r\nD \t E\r\n\r\n\r\n";

    private static String body(Canonicalization c, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new String(c.body(b, 0, b.length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void relaxedHeaderExampleOf3_4_5() {
        assertThat(Canonicalization.RELAXED.header("A: X")).isEqualTo("a:X\r\n");
        assertThat(Canonicalization.RELAXED.header("B : Y\t\r\n\tZ  ")).isEqualTo("b:Y Z\r\n");
    }

    @Test
    void relaxedBodyExampleOf3_4_5() {
        assertThat(body(Canonicalization.RELAXED, BODY)).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void simpleExampleOf3_4_5() {
        assertThat(Canonicalization.SIMPLE.header("A: X")).isEqualTo("A: X\r\n");
        assertThat(Canonicalization.SIMPLE.header("B : Y\t\r\n\tZ  ")).isEqualTo("B : Y\t\r\n\tZ  \r\n");
        assertThat(body(Canonicalization.SIMPLE, BODY)).isEqualTo(" C \r\nD \t E\r\n");
    }

    @Test
    void emptyBodies() {
        assertThat(body(Canonicalization.SIMPLE, "")).isEqualTo("\r\n");
        assertThat(body(Canonicalization.SIMPLE, "\r\n\r\n")).isEqualTo("\r\n");
        assertThat(body(Canonicalization.RELAXED, "")).isEmpty();
        assertThat(body(Canonicalization.RELAXED, " \r\n\t\r\n")).isEmpty();
    }

    @Test
    void missingFinalCrlfIsAdded() {
        assertThat(body(Canonicalization.SIMPLE, "abc")).isEqualTo("abc\r\n");
        assertThat(body(Canonicalization.RELAXED, "a  b ")).isEqualTo("a b\r\n");
    }

    @Test
    void innerEmptyLinesAreKept() {
        assertThat(body(Canonicalization.RELAXED, "a\r\n\r\nb\r\n\r\n")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void bareLfMessagesAreReadAsCrlf() throws Exception {
        RawMessage m = RawMessage.parse("From: a@b\nSubject: x\n  y\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                1000, 1000);
        assertThat(m.fields()).containsExactly("From: a@b", "Subject: x\r\n  y");
        assertThat(new String(m.bodyBytes(), m.bodyOffset(), m.bodyLength(), StandardCharsets.US_ASCII))
                .isEqualTo("body\r\n");
    }
}
