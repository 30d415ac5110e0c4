package org.mxpack.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PrintableAsciiTest {
    @Test
    void cleansControlsAndNonAscii() {
        assertThat(PrintableAscii.of("  a\r\n\tb\u00e9\ud83d\ude00c  ", 100)).isEqualTo("a b??c");
        assertThat(PrintableAscii.of("abcdef", 3)).isEqualTo("abc");
        assertThat(PrintableAscii.of(null, 3)).isEmpty();
    }

    @Property
    void sameAsCodePointByCodePoint(@ForAll String raw, @ForAll @IntRange(max = 50) int limit) {
        assertThat(PrintableAscii.of(raw, limit)).isEqualTo(reference(raw, limit));
    }

    /** The definition, written the obvious way: every code point, then cut. */
    private static String reference(String raw, int limit) {
        StringBuilder sb = new StringBuilder();
        for (int cp : raw.codePoints().toArray()) {
            if (sb.length() >= limit) {
                break;
            }
            char c = cp > 0x20 && cp < 0x7f ? (char) cp
                    : cp <= 0x20 || cp == 0x7f || Character.isWhitespace(cp) || Character.isISOControl(cp) ? ' ' : '?';
            if (c == ' ' && (sb.length() == 0 || sb.charAt(sb.length() - 1) == ' ')) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString().replaceAll(" +$", "");
    }
}
