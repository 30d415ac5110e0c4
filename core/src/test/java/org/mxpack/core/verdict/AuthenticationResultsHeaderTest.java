package org.mxpack.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticationResultsHeaderTest {

    private static List<AuthResult> typical() {
        return Arrays.asList(
                AuthResult.of("iprev", "pass").withProperty("policy", "iprev", "192.0.2.1", "mail.example.com"),
                AuthResult.of("spf", "pass").withProperty("smtp", "mailfrom", "example.com"),
                AuthResult.of("dkim", "pass").withProperty("header", "d", "example.com")
                        .withProperty("header", "s", "sel1").withProperty("header", "b", "abcdEFGH"),
                AuthResult.of("dmarc", "pass").withProperty("header", "from", "example.com"));
    }

    @Test
    void goldenTypicalHeader() {
        AuthenticationResultsHeader h = AuthenticationResultsHeader.of("mx.example.org", typical());
        assertThat(h.toString()).isEqualTo("Authentication-Results: mx.example.org;"
                + " iprev=pass policy.iprev=192.0.2.1 (mail.example.com);"
                + " spf=pass smtp.mailfrom=example.com;"
                + " dkim=pass header.d=example.com header.s=sel1 header.b=abcdEFGH;"
                + " dmarc=pass header.from=example.com");
        assertThat(h.headerLine()).isEqualTo("Authentication-Results: mx.example.org;\r\n"
                + "\tiprev=pass policy.iprev=192.0.2.1 (mail.example.com);\r\n"
                + "\tspf=pass smtp.mailfrom=example.com;\r\n"
                + "\tdkim=pass header.d=example.com header.s=sel1 header.b=abcdEFGH;\r\n"
                + "\tdmarc=pass header.from=example.com");
        assertThat(h.render()).isEqualTo(h.headerLine().substring("Authentication-Results: ".length()));
    }

    @Test
    void emptyListIsNone() {
        AuthenticationResultsHeader h = AuthenticationResultsHeader.of("mx.example.org", Collections.emptyList());
        assertThat(h.render()).isEqualTo("mx.example.org; none");
        assertThat(h.headerLine()).isEqualTo("Authentication-Results: mx.example.org; none");
        assertThat(AuthenticationResultsHeader.builder("mx.example.org").build().renderUnfolded())
                .isEqualTo("mx.example.org; none");
    }

    @Test
    void reasonAndCommentAfterTheResult() {
        AuthResult spf = AuthResult.of("spf", "fail").withComment("example.com: 192.0.2.7 is not permitted")
                .withReason("mechanism -all matched").withProperty("smtp", "mailfrom", "user@example.com")
                .withProperty("smtp", "helo", "mail.example.com");
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(spf)).renderUnfolded())
                .isEqualTo("mx.example.org; spf=fail (example.com: 192.0.2.7 is not permitted)"
                        + " reason=\"mechanism -all matched\" smtp.mailfrom=user@example.com smtp.helo=mail.example.com");
    }

    static Stream<Arguments> propertyValues() {
        return Stream.of(
                Arguments.of("example.com", "example.com"),
                Arguments.of("user@example.com", "user@example.com"),
                Arguments.of("@example.com", "@example.com"),
                Arguments.of("first.last+tag@sub.example.com", "first.last+tag@sub.example.com"),
                Arguments.of("SRS0=ab12=TT=example.com=u@fwd.example", "SRS0=ab12=TT=example.com=u@fwd.example"),
                Arguments.of("\"john doe\"@example.com", "\"\\\"john doe\\\"@example.com\""),
                Arguments.of("john..doe@example.com", "\"john..doe@example.com\""),
                Arguments.of("user@", "\"user@\""),
                Arguments.of("a@b@example.com", "\"a@b@example.com\""),
                Arguments.of("user@[192.0.2.1]", "\"user@[192.0.2.1]\""),
                Arguments.of("two words", "\"two words\""),
                Arguments.of("ab/c+d==", "\"ab/c+d==\""),
                Arguments.of("2001:db8::1", "\"2001:db8::1\""),
                Arguments.of("back\\slash", "\"back\\\\slash\""),
                Arguments.of("semi;colon", "\"semi;colon\""),
                Arguments.of("", "\"\""),
                Arguments.of("example.com\r\nX-Evil: yes", "\"example.com X-Evil: yes\""),
                Arguments.of("caf\u00e9@example.com", "caf?@example.com"),
                Arguments.of("\u0000\u0007", "\"\""));
    }

    @ParameterizedTest
    @MethodSource("propertyValues")
    void propertyValueQuoting(String raw, String rendered) {
        AuthResult r = AuthResult.of("spf", "pass").withProperty("smtp", "mailfrom", raw);
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(r)).renderUnfolded())
                .isEqualTo("mx.example.org; spf=pass smtp.mailfrom=" + rendered);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("plain", "reason=\"plain\""),
                Arguments.of("he said \"hi\" \\o/", "reason=\"he said \\\"hi\\\" \\\\o/\""),
                Arguments.of("line\r\nBcc: victim@example.com", "reason=\"line Bcc: victim@example.com\""),
                Arguments.of("tab\tand  spaces ", "reason=\"tab and spaces\""));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void reasonIsAlwaysAQuotedString(String raw, String rendered) {
        AuthResult r = AuthResult.of("dkim", "fail").withReason(raw);
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(r)).renderUnfolded())
                .isEqualTo("mx.example.org; dkim=fail " + rendered);
    }

    static Stream<Arguments> comments() {
        return Stream.of(
                Arguments.of("mail.example.com", "(mail.example.com)"),
                Arguments.of("a (nested) comment", "(a \\(nested\\) comment)"),
                Arguments.of("unbalanced ) close", "(unbalanced \\) close)"),
                Arguments.of("back\\slash", "(back\\\\slash)"),
                Arguments.of("evil)\r\nX-Injected: 1", "(evil\\) X-Injected: 1)"));
    }

    @ParameterizedTest
    @MethodSource("comments")
    void commentsAreEscaped(String raw, String rendered) {
        AuthResult r = AuthResult.of("iprev", "pass").withProperty("policy", "iprev", "192.0.2.1", raw);
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(r)).renderUnfolded())
                .isEqualTo("mx.example.org; iprev=pass policy.iprev=192.0.2.1 " + rendered);
        AuthResult c = AuthResult.of("iprev", "fail").withComment(raw);
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(c)).renderUnfolded())
                .isEqualTo("mx.example.org; iprev=fail " + rendered);
    }

    @Test
    void blankReasonAndCommentAreOmitted() {
        AuthResult r = AuthResult.of("spf", "none").withReason(" \r\n ").withComment("\t");
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(r)).renderUnfolded())
                .isEqualTo("mx.example.org; spf=none");
    }

    @Test
    void authservIdThatIsNotATokenIsQuoted() {
        assertThat(AuthenticationResultsHeader.of("mx example\r\n", List.of()).render())
                .isEqualTo("\"mx example\"; none");
        assertThatThrownBy(() -> AuthenticationResultsHeader.of(" \r\n", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonKeywordMethodOrPropertyIsAProgrammingError() {
        assertThatThrownBy(() -> AuthenticationResultsHeader.of("mx", List.of(AuthResult.of("sp f", "pass"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method");
        assertThatThrownBy(() -> AuthenticationResultsHeader.of("mx", List.of(AuthResult.of("spf", "pass;x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result");
        assertThatThrownBy(() -> AuthenticationResultsHeader.of("mx",
                List.of(AuthResult.of("spf", "pass").withProperty("smtp", "mail\r\nfrom", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("property");
        assertThatThrownBy(() -> AuthenticationResultsHeader.of("mx",
                List.of(AuthResult.of("spf", "pass").withProperty("", "mailfrom", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ptype");
    }

    @Test
    void longHeadersFoldWithinSeventyEightOctetsAndUnfoldExactly() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            words.append("word").append(i).append(' ');
        }
        List<AuthResult> results = new ArrayList<>(typical());
        results.add(AuthResult.of("dkim", "fail").withReason(words.toString())
                .withComment("signature verification failed for a rather long selector record text")
                .withProperty("header", "d", "a-very-long-subdomain-name.of-a-rather-long-domain.example.com")
                .withProperty("header", "s", "selector-2026-with-a-long-name")
                .withProperty("header", "b", "ab/cdEFGH"));
        results.add(AuthResult.of("spf", "softfail").withProperty("smtp", "mailfrom",
                "someone.with.a.long.local.part@a-subdomain.example.com"));
        AuthenticationResultsHeader h = AuthenticationResultsHeader.of("mx.example.org", results);
        String line = h.headerLine();
        for (String physical : line.split("\r\n", -1)) {
            assertThat(physical.length()).as(physical).isLessThanOrEqualTo(AuthenticationResultsHeader.LINE_LENGTH);
            assertThat(physical.trim()).isNotEmpty();
            assertThat(physical).doesNotContain("\r").doesNotContain("\n");
        }
        // every continuation line starts with WSP; CRLF only ever precedes WSP
        assertThat(line.split("\r\n", -1)).allSatisfy(l -> assertThat(l.isEmpty()).isFalse());
        assertThat(line.replaceAll("\r\n[ \t]", "")).doesNotContain("\r").doesNotContain("\n");
        // RFC 5322 unfolding (drop CRLF) gives the one-line rendering, up to the kind of whitespace
        String unfolded = h.render().replace("\r\n", "").replace('\t', ' ');
        assertThat(unfolded).isEqualTo(h.renderUnfolded());
    }

    @Test
    void anUnbreakableElementLongerThanALineGetsALineOfItsOwn() {
        String addr = "someone.with.a.long.local.part@a-very-long-subdomain-name.of-a-rather-long-domain.example.com";
        AuthResult r = AuthResult.of("spf", "softfail").withProperty("smtp", "mailfrom", addr)
                .withProperty("smtp", "helo", "mail.example.com");
        assertThat(AuthenticationResultsHeader.of("mx.example.org", List.of(r)).render())
                .isEqualTo("mx.example.org;\r\n\tspf=softfail\r\n\tsmtp.mailfrom=" + addr + "\r\n\tsmtp.helo=mail.example.com");
    }

    @Test
    void longAuthservIdFoldsNone() {
        String id = "a-rather-long-authserv-id.with-many-labels.mx.mail.example.org";
        assertThat(AuthenticationResultsHeader.of(id, List.of()).render()).isEqualTo(id + ";\r\n\tnone");
    }

    @Test
    void hugeInputStaysBoundedAndOnLegalLines() {
        char[] big = new char[100_000];
        Arrays.fill(big, 'x');
        AuthResult r = AuthResult.of("spf", "pass").withProperty("smtp", "mailfrom", new String(big))
                .withReason(new String(big));
        String line = AuthenticationResultsHeader.of("mx.example.org", List.of(r)).headerLine();
        assertThat(line.length()).isLessThan(2 * HeaderSyntax.MAX_VALUE + 100);
        for (String physical : line.split("\r\n")) {
            assertThat(physical.length()).isLessThan(998);
        }
    }

    @Test
    void authResultMapRoundTrip() {
        for (AuthResult r : typical()) {
            assertThat(AuthResult.fromMap(r.toMap())).isEqualTo(r);
        }
        AuthResult full = AuthResult.of("dkim", "fail").withReason("bad sig").withComment("c")
                .withProperty("header", "d", "example.com", "pc");
        assertThat(AuthResult.fromMap(full.toMap())).isEqualTo(full);
        assertThatThrownBy(() -> AuthResult.fromMap(java.util.Map.of("method", "spf")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> inboundHeaders() {
        return Stream.of(
                Arguments.of("mx.example.org; spf=pass smtp.mailfrom=example.com", true),
                Arguments.of("MX.Example.ORG; spf=pass", true),
                Arguments.of("mx.example.org;spf=pass", true),
                Arguments.of("   mx.example.org ; none", true),
                Arguments.of("mx.example.org 1; spf=pass", true),
                Arguments.of("mx.example.org", true),
                Arguments.of("mx.example.org.; none", true),
                Arguments.of("\"mx.example.org\"; none", true),
                Arguments.of("\"mx.exa\\mple.org\"; none", true),
                Arguments.of("(comment) mx.example.org; none", true),
                Arguments.of("(nested (comment) \\) here) mx.example.org (1); none", true),
                Arguments.of("\r\n\t(folded)\r\n mx.example.org;\r\n\tspf=fail", true),
                Arguments.of("Authentication-Results: mx.example.org; none", true),
                Arguments.of("authentication-results:mx.example.org; none", true),
                Arguments.of("mx.example.org(comment); none", true),
                Arguments.of("mx.example.org.evil.example; spf=pass", false),
                Arguments.of("evil.mx.example.org; spf=pass", false),
                Arguments.of("mx.example.orgx; spf=pass", false),
                Arguments.of("other.example; spf=pass (mx.example.org)", false),
                Arguments.of("(mx.example.org) other.example; none", false),
                Arguments.of("(a \\) mx.example.org) other.example; none", false),
                Arguments.of("(unterminated mx.example.org; none", false),
                Arguments.of("\"mx.example.org; none", false),
                Arguments.of("; spf=pass", false),
                Arguments.of("", false),
                Arguments.of("   ", false));
    }

    @ParameterizedTest
    @MethodSource("inboundHeaders")
    void claimsAuthservId(String value, boolean claims) {
        assertThat(AuthenticationResultsHeader.claimsAuthservId(value, "mx.example.org")).isEqualTo(claims);
    }

    @Test
    void claimsAuthservIdNullsAndOurTrailingDot() {
        assertThat(AuthenticationResultsHeader.claimsAuthservId(null, "mx.example.org")).isFalse();
        assertThat(AuthenticationResultsHeader.claimsAuthservId("mx.example.org; none", null)).isFalse();
        assertThat(AuthenticationResultsHeader.claimsAuthservId("mx.example.org; none", "mx.example.org.")).isTrue();
        assertThat(AuthenticationResultsHeader.claimsAuthservId("x; none", "")).isFalse();
    }

    @Test
    void ourOwnHeaderClaimsOurId() {
        AuthenticationResultsHeader h = AuthenticationResultsHeader.of("mx.example.org", typical());
        assertThat(AuthenticationResultsHeader.claimsAuthservId(h.render(), "mx.example.org")).isTrue();
        assertThat(AuthenticationResultsHeader.claimsAuthservId(h.headerLine(), "MX.EXAMPLE.ORG")).isTrue();
        assertThat(AuthenticationResultsHeader.claimsAuthservId(h.render(), "example.org")).isFalse();
    }
}
