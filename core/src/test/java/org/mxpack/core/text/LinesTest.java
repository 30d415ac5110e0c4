package org.mxpack.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class LinesTest {
    @Test
    void splitsLikeSplitWithNegativeLimit() {
        assertThat(Lines.crlf("a\r\nb\nc\r\n")).containsExactly("a", "b\nc", "");
        assertThat(Lines.lfOrCrlf("a\r\nb\nc\rd\n\r")).containsExactly("a", "b", "c\rd", "\r");
        assertThat(Lines.crlf("")).containsExactly("");
    }

    @Property
    void crlfIsSplitOnCrlf(@ForAll @Chars({'a', ' ', '\r', '\n', ':'}) @StringLength(max = 40) String s) {
        assertThat(Lines.crlf(s)).isEqualTo(Arrays.asList(s.split("\r\n", -1)));
    }

    @Property
    void lfOrCrlfIsSplitOnOptionalCrThenLf(@ForAll @Chars({'a', ' ', '\r', '\n', ':'}) @StringLength(max = 40) String s) {
        assertThat(Lines.lfOrCrlf(s)).isEqualTo(Arrays.asList(s.split("\r?\n", -1)));
    }
}
