package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthorDomainsTest {
    @Test
    void addressForms() {
        assertThat(AuthorDomains.of(List.of("alice@Example.COM"))).containsExactly("example.com");
        assertThat(AuthorDomains.of(List.of("Alice <alice@a.test>"))).containsExactly("a.test");
        assertThat(AuthorDomains.of(List.of("\"Doe, <John>\" <john@b.test> (home@c.test)"))).containsExactly("b.test");
        assertThat(AuthorDomains.of(List.of("\"john doe\"@d.test."))).containsExactly("d.test");
        assertThat(AuthorDomains.of(List.of("=?UTF-8?Q?J=C3=B6rg?= <j@e.test>"))).containsExactly("e.test");
    }

    @Test
    void severalMailboxesGroupsAndFields() {
        assertThat(AuthorDomains.of(List.of("a@x.test, B <b@y.test>", "c@x.test"))).containsExactly("x.test", "y.test");
        assertThat(AuthorDomains.of(List.of("team: a@x.test, b@x.test;"))).containsExactly("x.test");
    }

    @Test
    void nothingUsable() {
        assertThat(AuthorDomains.of(List.of())).isEmpty();
        assertThat(AuthorDomains.of(List.of("undisclosed-recipients:;"))).isEmpty();
        assertThat(AuthorDomains.of(List.of("no address here"))).isEmpty();
    }
}
