package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Record syntax (RFC 7208 §4.5, §4.6, §5, §6, ABNF of §12). */
class SpfRecordTest {
    @Test
    void versionSelection() {
        assertThat(SpfRecord.isSpf1("v=spf1")).isTrue();
        assertThat(SpfRecord.isSpf1("V=SPF1 -all")).isTrue();
        assertThat(SpfRecord.isSpf1("v=spf10 -all")).isFalse();
        assertThat(SpfRecord.isSpf1("v=spf1-all")).isFalse();
        assertThat(SpfRecord.isSpf1("spf2.0/pra -all")).isFalse();
    }

    @Test
    void termsQualifiersAndCidrs() throws Exception {
        SpfRecord r = SpfRecord.parse("v=spf1  +a -mx:mail.example.com/24//64 ~ip4:192.0.2.0/24 ?ip6:2001:db8::/32 "
                + "ptr exists:%{i}.bl.example.com include:_spf.example.net all redirect=x.example exp=e.example ");
        assertThat(r.directives).hasSize(8);
        Directive mx = r.directives.get(1);
        assertThat(mx.qualifier).isEqualTo(SpfResult.FAIL);
        assertThat(mx.domainSpec).isEqualTo("mail.example.com");
        assertThat(mx.cidr4).isEqualTo(24);
        assertThat(mx.cidr6).isEqualTo(64);
        assertThat(mx.text).isEqualTo("mx:mail.example.com/24//64");
        assertThat(r.directives.get(2).qualifier).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(r.directives.get(3).cidr6).isEqualTo(32);
        assertThat(r.redirect).isEqualTo("x.example");
        assertThat(r.exp).isEqualTo("e.example");
        SpfRecord a = SpfRecord.parse("v=spf1 a//64 A/0");
        assertThat(a.directives.get(0).cidr4).isEqualTo(32);
        assertThat(a.directives.get(0).cidr6).isEqualTo(64);
        assertThat(a.directives.get(1).cidr4).isEqualTo(0);
    }

    @Test
    void unknownModifiersAreIgnoredButChecked() throws Exception {
        assertThat(SpfRecord.parse("v=spf1 default=pass moo.cow-far_out=man:dog/cat -all").directives).hasSize(1);
        assertThatThrownBy(() -> SpfRecord.parse("v=spf1 foo=%abc -all")).isInstanceOf(SpfError.class);
    }

    @Test
    void syntaxErrorsArePermErrors() {
        String[] bad = {
            "v=spf1 ip4:192.0.2.1/33", "v=spf1 ip4:192.0.2.1/024", "v=spf1 ip6:2001:db8::/129", "v=spf1 ip4:2001:db8::1",
            "v=spf1 ip6:192.0.2.1", "v=spf1 a:foo", "v=spf1 a:1.2.3.4", "v=spf1 all:foo.example", "v=spf1 include",
            "v=spf1 exists:", "v=spf1 foo:bar.example", "v=spf1 1up=foo", "v=spf1 =all", "v=spf1 redirect=a.example redirect=b.example",
            "v=spf1 exp=a.example exp=b.example", "v=spf1 exp=", "v=spf1 redirect=-all", "v=spf1 a:x.example\tptr",
            "v=spf1 ip4:192.0.2.5\n", "v=spf1 -all \u0096", "v=spf1 mx/", "v=spf1 a:%{x}.example.com",
        };
        for (String record : bad) {
            assertThatThrownBy(() -> SpfRecord.parse(record)).as(record).isInstanceOf(SpfError.class)
                    .satisfies(e -> assertThat(((SpfError) e).result()).isEqualTo(SpfResult.PERMERROR));
        }
    }
}
