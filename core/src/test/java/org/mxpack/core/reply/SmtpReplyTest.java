package org.mxpack.core.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpReplyTest {

    @Test
    void rendersCodeEnhancedAndText() {
        SmtpReply r = SmtpReply.of(550, "5.7.1", "go away");
        assertThat(r.toString()).isEqualTo("550 5.7.1 go away");
        assertThat(r.codeString()).isEqualTo("550");
        assertThat(r.description()).isEqualTo("5.7.1 go away");
        assertThat(r.isPermanent()).isTrue();
        assertThat(r.isTemporary()).isFalse();
        assertThat(r.closesConnection()).isFalse();
        assertThat(SmtpReply.of(451, "4.7.24", "later").isTemporary()).isTrue();
        assertThat(SmtpReply.of(421, "4.3.0", "bye").closesConnection()).isTrue();
    }

    static Stream<Arguments> dirtyTexts() {
        return Stream.of(
                Arguments.of("a\r\nb", "a b"),
                Arguments.of("a\nb", "a b"),
                Arguments.of("a\rb", "a b"),
                Arguments.of("tab\there", "tab here"),
                Arguments.of("nul\u0000x", "nul x"),
                Arguments.of("bell\u0007del\u007f", "bell del"),
                Arguments.of("esc\u001b[31mred", "esc [31mred"),
                Arguments.of("  many    spaces  ", "many spaces"),
                Arguments.of("caf\u00e9 \u2603 \ud83d\ude00", "caf? ? ?"),
                Arguments.of("line\u2028sep\u0085nel", "line sep nel"));
    }

    @ParameterizedTest
    @MethodSource("dirtyTexts")
    void textIsSanitised(String raw, String expected) {
        assertThat(SmtpReply.of(550, "5.7.1", raw).text()).isEqualTo(expected);
    }

    @Test
    void nullOrEmptyTextRendersCodesOnly() {
        assertThat(SmtpReply.of(550, "5.7.1", null).toString()).isEqualTo("550 5.7.1");
        assertThat(SmtpReply.of(550, "5.7.1", "\r\n").toString()).isEqualTo("550 5.7.1");
    }

    @Test
    void lengthIsBoundedTo512OctetsWithCrlf() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            s.append("ab ");
        }
        for (String enhanced : new String[] {"5.7.1", "5.7.23", "5.123.456"}) {
            SmtpReply r = SmtpReply.of(550, enhanced, s.toString());
            assertThat((r + "\r\n").length()).isEqualTo(512);
            assertThat(r.text()).endsWith("...");
        }
        String exact = s.substring(0, SmtpReply.maxTextLength("5.7.1"));
        exact = exact.endsWith(" ") ? exact.substring(0, exact.length() - 1) + "x" : exact;
        assertThat(SmtpReply.of(550, "5.7.1", exact).text()).isEqualTo(exact);
    }

    @Test
    void invalidCodesAreProgrammingErrors() {
        assertThatThrownBy(() -> SmtpReply.of(550, "4.7.1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.of(99, "5.7.1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.of(550, "5.7", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.of(550, "5.7.1 ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.of(550, "5.7.1234", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseAndMapRoundTrip() {
        SmtpReply r = SmtpReply.of(451, "4.7.24", "SPF: temporary DNS error looking up example.com");
        assertThat(SmtpReply.parse(r.toString())).isEqualTo(r);
        Map<String, Object> map = r.toMap();
        assertThat(map.get("code")).isEqualTo(451L);
        assertThat(SmtpReply.fromMap(map)).isEqualTo(r);
        assertThat(SmtpReply.parse("550 5.7.1")).isEqualTo(SmtpReply.of(550, "5.7.1", ""));
        assertThatThrownBy(() -> SmtpReply.parse("550-5.7.1 x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.fromMap(Map.of("code", "550"))).isInstanceOf(IllegalArgumentException.class);
    }
}
