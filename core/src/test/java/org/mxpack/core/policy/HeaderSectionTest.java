package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderSectionTest {
    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void endsAtTheEmptyLineOnce() {
        HeaderSection h = new HeaderSection();
        assertThat(h.add(line("From: a@example.test"))).isFalse();
        assertThat(h.add(line(" folded"))).isFalse();
        assertThat(h.add(line(""))).isTrue();
        assertThat(h.add(line("body"))).isFalse();
        assertThat(new String(h.bytes(), StandardCharsets.US_ASCII)).isEqualTo("From: a@example.test\r\n folded\r\n");
    }

    @Test
    void endsAtTheEndOfDataWithoutABody() {
        HeaderSection h = new HeaderSection();
        h.add(line("Subject: x"));
        assertThat(h.add(line("."))).isTrue();
        assertThat(h.complete()).isTrue();
    }

    @Test
    void isBoundedWhateverTheClientSends() {
        HeaderSection h = new HeaderSection();
        byte[] big = line("X-Pad: " + "p".repeat(990));
        boolean ended = false;
        for (int i = 0; i < 1000 && !ended; i++) {
            ended = h.add(big);
        }
        assertThat(ended).isTrue();
        assertThat(h.bytes().length).isLessThanOrEqualTo(HeaderSection.MAX_BYTES);
    }
}
