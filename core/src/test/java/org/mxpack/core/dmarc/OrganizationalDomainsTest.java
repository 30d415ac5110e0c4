package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrganizationalDomainsTest {
    private static final PublicSuffixList PSL = PublicSuffixList.parse(String.join("\n",
            "// comment", "com", "uk", "co.uk", "*.ck", "!www.ck", "jp", "*.kobe.jp", "!city.kobe.jp",
            "blogspot.com", "рф", ""));

    @Test
    void guavaKnownSuffixes() {
        OrganizationalDomains g = OrganizationalDomains.guava();
        assertThat(g.organizationalDomain("mail.example.com")).isEqualTo("example.com");
        assertThat(g.organizationalDomain("A.B.Example.CO.UK.")).isEqualTo("example.co.uk");
        assertThat(g.organizationalDomain("example.com")).isEqualTo("example.com");
        assertThat(g.organizationalDomain("co.uk")).isEqualTo("co.uk");
    }

    @Test
    void guavaFallsBackToTheDefaultRuleForUnlistedTlds() {
        OrganizationalDomains g = OrganizationalDomains.guava();
        assertThat(g.organizationalDomain("a.b.example.test")).isEqualTo("example.test");
        assertThat(g.organizationalDomain("mail.bank.example")).isEqualTo("bank.example");
        assertThat(g.organizationalDomain("host")).isEqualTo("host");
        assertThat(g.organizationalDomain("bad..name.test")).isEqualTo("name.test");
    }

    @Test
    void fileRulesWildcardsAndExceptions() {
        assertThat(PSL.organizationalDomain("a.b.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(PSL.organizationalDomain("x.y.foo.ck")).isEqualTo("y.foo.ck");
        assertThat(PSL.organizationalDomain("a.www.ck")).isEqualTo("www.ck");
        assertThat(PSL.organizationalDomain("x.city.kobe.jp")).isEqualTo("city.kobe.jp");
        assertThat(PSL.organizationalDomain("x.y.other.kobe.jp")).isEqualTo("y.other.kobe.jp");
        assertThat(PSL.organizationalDomain("me.blogspot.com")).isEqualTo("me.blogspot.com");
        assertThat(PSL.organizationalDomain("sub.xn--e1afmkfd.xn--p1ai")).isEqualTo("xn--e1afmkfd.xn--p1ai");
        assertThat(PSL.organizationalDomain("a.b.example.test")).isEqualTo("example.test");
        assertThat(PSL.organizationalDomain("co.uk")).isEqualTo("co.uk");
        assertThat(PSL.publicSuffix("foo.ck")).isEqualTo("foo.ck");
    }
}
