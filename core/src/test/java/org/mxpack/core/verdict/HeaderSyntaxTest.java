package org.mxpack.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderSyntaxTest {

    @Test
    void tokens() {
        assertThat(HeaderSyntax.isToken("example.com")).isTrue();
        assertThat(HeaderSyntax.isToken("a_b-c+d.e!#$%&'*^`{|}~")).isTrue();
        for (String bad : new String[] {"", "a b", "a@b", "a=b", "a/b", "a:b", "a;b", "a\"b", "a(b", "a\u00e9", "a\tb"}) {
            assertThat(HeaderSyntax.isToken(bad)).as(bad).isFalse();
        }
    }

    @Test
    void keywords() {
        assertThat(HeaderSyntax.isKeyword("dkim")).isTrue();
        assertThat(HeaderSyntax.isKeyword("x-my-method2")).isTrue();
        assertThat(HeaderSyntax.isKeyword("-x")).isFalse();
        assertThat(HeaderSyntax.isKeyword("x-")).isFalse();
        assertThat(HeaderSyntax.isKeyword("a.b")).isFalse();
        assertThat(HeaderSyntax.isKeyword(null)).isFalse();
    }

    @Test
    void valuesQuotedStringsAndComments() {
        assertThat(HeaderSyntax.value("mx.example.org")).isEqualTo("mx.example.org");
        assertThat(HeaderSyntax.value("user@example.com")).isEqualTo("\"user@example.com\"");
        assertThat(HeaderSyntax.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(HeaderSyntax.comment("a(b)c\\")).isEqualTo("(a\\(b\\)c\\\\)");
        assertThat(HeaderSyntax.clean(" a\r\n\r\n b\u0000c\u00e9 ")).isEqualTo("a b c?");
        assertThat(HeaderSyntax.clean(null)).isEmpty();
    }
}
