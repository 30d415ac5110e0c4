package org.mxpack.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class HeaderFoldingTest {
    private static List<String> lines(String name, String folded) {
        return List.of((name + ": " + folded).split("\r\n", -1));
    }

    @Test
    void shortValueIsUnchanged() {
        assertThat(HeaderFolding.fold("X-Spam-Flag", "YES")).isEqualTo("YES");
    }

    @Test
    void longValueFoldsBeforeWhiteSpaceNear78AndUnfoldsToTheSameText() {
        String value = "No, score=1.20 required=15.00 tests=" + String.join(",", java.util.Collections.nCopies(40, "SYMBOL_NAME"))
                + " and more words to fold at the spaces here and there";
        String folded = HeaderFolding.fold("X-Spam-Status", value);
        assertThat(folded).contains("\r\n ");
        assertThat(HeaderFolding.unfold(folded)).isEqualTo(value);
        assertThat(lines("X-Spam-Status", folded)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void aRunWithoutSpacesIsCutAt998Octets() {
        String value = "x".repeat(5000);
        String folded = HeaderFolding.fold("Subject", value);
        List<String> lines = lines("Subject", folded);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(998));
        assertThat(lines.get(0)).hasSize(998);
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith(" "));
        assertThat(folded.replace("\r\n ", "")).isEqualTo(value);
    }

    @Test
    void existingFoldsAndStrayLineBreaksCannotEndTheHeader() {
        String folded = HeaderFolding.fold("X-Test", "a\r\n\tb\rc\nd\r\n\r\nX-Forged: yes");
        assertThat(folded).isEqualTo("a\tb c d    X-Forged: yes");
    }

    @Test
    void foldingIsIdempotent() {
        String value = String.join(" ", java.util.Collections.nCopies(100, "word"));
        String once = HeaderFolding.fold("X-Test", value);
        assertThat(HeaderFolding.fold("X-Test", once)).isEqualTo(once);
    }

    @Test
    void nonAsciiCountsInOctets() {
        String value = "\u00e9".repeat(1000); // 2 octets each
        for (String l : lines("X", HeaderFolding.fold("X", value))) {
            assertThat(l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(998);
        }
    }

    @Property(tries = 2000)
    void everyLineIsAtMost998OctetsAndNoBareLineBreak(@ForAll @StringLength(max = 4000) String value) {
        String folded = HeaderFolding.fold("X-Any", value);
        for (String l : lines("X-Any", folded)) {
            assertThat(l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(998);
            assertThat(l).doesNotContain("\r").doesNotContain("\n");
        }
        assertThat(lines("X-Any", folded).stream().skip(1)).allSatisfy(l -> assertThat(l).matches("(?s)[ \t].*"));
    }
}
