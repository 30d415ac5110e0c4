package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AuthorDomainsTest {
    private static AuthorDomains parse(String head) {
        return AuthorDomains.parse((head + "\r\n\r\nbody\r\nFrom: x@body.test\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void commonForms() {
        assertThat(parse("From: alice@Example.TEST").domains()).containsExactly("example.test");
        assertThat(parse("From: Alice <alice@example.test>").domains()).containsExactly("example.test");
        assertThat(parse("From: \"Doe, John <x@fake.test>\" <john@example.test>").domains())
                .containsExactly("example.test");
        assertThat(parse("From: (comment <x@fake.test>) john@example.test (John)").domains())
                .containsExactly("example.test");
        assertThat(parse("from:john@example.test").domains()).containsExactly("example.test");
        assertThat(parse("From: <@route.test:john@example.test>").domains()).containsExactly("example.test");
        assertThat(parse("From: alice@example.test").problem()).isEmpty();
    }

    @Test
    void foldedAndSeveral() {
        AuthorDomains a = parse("Subject: x\r\nFrom: Alice <alice@one.test>,\r\n\tBob <bob@two.test>, carol@one.test");
        assertThat(a.domains()).containsExactly("one.test", "two.test");
        assertThat(a.problem()).isEqualTo("2 author domains in From");
        AuthorDomains b = parse("From: a@one.test\r\nFrom: b@two.test");
        assertThat(b.domains()).containsExactly("one.test", "two.test");
        assertThat(b.fields()).isEqualTo(2);
        assertThat(parse("From: team: a@one.test, b@two.test;").domains()).containsExactly("one.test", "two.test");
    }

    @Test
    void missingOrUnusable() {
        assertThat(parse("Subject: no from").problem()).isEqualTo("no From header field");
        assertThat(parse("From: undisclosed").problem()).isEqualTo("no author address with a domain in From");
        assertThat(parse("Subject: x").domains()).isEmpty();
    }

    @Test
    void lfLineEndsAndBodyIgnored() {
        AuthorDomains a = AuthorDomains.parse("To: x@y.test\nFrom: a@lf.test\n\nFrom: b@body.test\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(a.domains()).containsExactly("lf.test");
    }
}
