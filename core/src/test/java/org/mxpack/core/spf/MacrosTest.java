package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** RFC 7208 §7: macro syntax, expansion, transformers, delimiters, URL escaping (examples of §7.4). */
class MacrosTest {
    private static Macros.Context ctx(String ip) throws Exception {
        return new Macros.Context("strong-bad@email.example.com", "strong-bad", "email.example.com",
                Ip.of(InetAddress.getByName(ip)), "mx.example.org", "rcv.example.net", 1234567890L,
                () -> "host.example.com");
    }

    private static String d(String spec) throws Exception {
        return Macros.expandDomain(spec, ctx("192.0.2.3"), "email.example.com");
    }

    @Test
    void rfc7208Section74Examples() throws Exception {
        assertThat(d("%{s}")).isEqualTo("strong-bad@email.example.com");
        assertThat(d("%{o}")).isEqualTo("email.example.com");
        assertThat(d("%{d}")).isEqualTo("email.example.com");
        assertThat(d("%{d4}")).isEqualTo("email.example.com");
        assertThat(d("%{d3}")).isEqualTo("email.example.com");
        assertThat(d("%{d2}")).isEqualTo("example.com");
        assertThat(d("%{d1}")).isEqualTo("com");
        assertThat(d("%{dr}")).isEqualTo("com.example.email");
        assertThat(d("%{d2r}")).isEqualTo("example.email");
        assertThat(d("%{l}")).isEqualTo("strong-bad");
        assertThat(d("%{l-}")).isEqualTo("strong.bad");
        assertThat(d("%{lr}")).isEqualTo("strong-bad");
        assertThat(d("%{lr-}")).isEqualTo("bad.strong");
        assertThat(d("%{l1r-}")).isEqualTo("strong");
        assertThat(d("%{ir}.%{v}._spf.%{d2}")).isEqualTo("3.2.0.192.in-addr._spf.example.com");
        assertThat(d("%{lr-}.lp._spf.%{d2}")).isEqualTo("bad.strong.lp._spf.example.com");
        assertThat(d("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}"))
                .isEqualTo("bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
        assertThat(d("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}"))
                .isEqualTo("3.2.0.192.in-addr.strong.lp._spf.example.com");
        assertThat(d("%{d2}.trusted-domains.example.net")).isEqualTo("example.com.trusted-domains.example.net");
    }

    @Test
    void ipv6NibblesAndVersion() throws Exception {
        assertThat(Macros.expandDomain("%{ir}.%{v}._spf.%{d2}", ctx("2001:db8::cb01"), "email.example.com"))
                .isEqualTo("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
        assertThat(Macros.expandExplanation("%{c} %{i}", ctx("2001:db8::cb01"), "x.example"))
                .startsWith("2001:db8::cb01 2.0.0.1.0.d.b.8.");
    }

    @Test
    void ipv4MappedClientExpandsAsIpv4() throws Exception {
        assertThat(Macros.expandDomain("%{i}.%{v}", ctx("::ffff:192.0.2.3"), "d.example"))
                .isEqualTo("192.0.2.3.in-addr");
    }

    @Test
    void escapesAndUpperCaseUrlEncoding() throws Exception {
        assertThat(Macros.expandExplanation("100%% %_x%-y", ctx("192.0.2.3"), "d.example")).isEqualTo("100%  x%20y");
        assertThat(Macros.expandExplanation("%{S}", ctx("192.0.2.3"), "d.example"))
                .isEqualTo("strong-bad%40email.example.com");
        assertThat(Macros.urlEscape("~jack&jill=up-a_b3.c")).isEqualTo("~jack%26jill%3Dup-a_b3.c");
        assertThat(Macros.urlEscape("a b/é")).isEqualTo("a%20b%2F%C3%A9");
    }

    @Test
    void explanationOnlyLettersAndOtherMacros() throws Exception {
        assertThat(Macros.expandExplanation("%{r} %{t} %{h} %{p}", ctx("192.0.2.3"), "d.example"))
                .isEqualTo("rcv.example.net 1234567890 mx.example.org host.example.com");
        assertThatThrownBy(() -> d("%{r}.example.com")).isInstanceOf(SpfError.class);
        assertThatThrownBy(() -> Macros.checkDomainSpec("%{c}.example.com")).isInstanceOf(SpfError.class);
        assertThatThrownBy(() -> Macros.checkDomainSpec("%{t}.example.com")).isInstanceOf(SpfError.class);
    }

    @Test
    void multipleDelimitersAndTransformerBounds() throws Exception {
        assertThat(Macros.transform("foo-bar+zip+quux", 2, true, "+-")).isEqualTo("bar.foo");
        assertThat(Macros.transform("a.b.c", 99, false, ".")).isEqualTo("a.b.c");
        assertThatThrownBy(() -> d("%{d0}.example.com")).isInstanceOf(SpfError.class);
        assertThatThrownBy(() -> d("%{d2x}.example.com")).isInstanceOf(SpfError.class);
    }

    @Test
    void syntaxErrors() {
        for (String bad : new String[] {"%{x}.example.com", "%(ir).example.com", "foo%.example.com", "x.example.com%",
                "%{}.example.com", "%{d.example.com", "é.example.com", "a\tb.example.com"}) {
            assertThatThrownBy(() -> Macros.checkDomainSpec(bad)).as(bad).isInstanceOf(SpfError.class);
        }
    }

    @Test
    void domainEndNeedsMacroOrTopLabel() throws Exception {
        Macros.checkDomainSpec("example.com");
        Macros.checkDomainSpec("example.com.");
        Macros.checkDomainSpec("foo.xn--zckzah");
        Macros.checkDomainSpec("%{d}");
        Macros.checkDomainSpec("x.%{d}");
        Macros.checkDomainSpec("1.2-3");
        for (String bad : new String[] {"example", "1.2.3.4", "example.-com", "example.com-", "-all", ""}) {
            assertThatThrownBy(() -> Macros.checkDomainSpec(bad)).as(bad).isInstanceOf(SpfError.class);
        }
    }

    @Test
    void expandedDomainsAreTruncatedTo253AndLoseTheTrailingDot() throws Exception {
        StringBuilder longLocal = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            longLocal.append("label").append(i).append('.');
        }
        Macros.Context c = new Macros.Context(longLocal + "x@d.example", longLocal + "x", "d.example",
                Ip.parse4("192.0.2.1"), "h", "r", 0, () -> "unknown");
        String name = Macros.expandDomain("%{l}.%{l}.example.com", c, "d.example");
        assertThat(name.length()).isLessThanOrEqualTo(253);
        assertThat(name).endsWith(".x.example.com").doesNotStartWith(".");
        assertThat(Macros.expandDomain("%{d}.", c, "d.example")).isEqualTo("d.example");
    }
}
