package org.mxpack.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DnsblZoneTest {
    @Test
    void parsesCodesRangesAndCidr() {
        DnsblZone z = DnsblZone.parse("Zen.Example.:127.0.0.2-127.0.0.11, 127.0.0.20,127.0.1.0/30;weight=3");
        assertThat(z.zone()).isEqualTo("zen.example");
        assertThat(z.weight()).isEqualTo(3);
        assertThat(z.allowList()).isFalse();
        assertThat(z.accepts(DnsblZone.ip("127.0.0.2"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.0.11"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.0.12"))).isFalse();
        assertThat(z.accepts(DnsblZone.ip("127.0.0.20"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.1.3"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.1.4"))).isFalse();
        assertThat(DnsblZone.parse(z.spec())).isEqualTo(z);
    }

    @Test
    void defaultsExcludeTheErrorRange() {
        DnsblZone z = DnsblZone.parse("bl.example");
        assertThat(z.weight()).isEqualTo(1);
        assertThat(z.accepts(DnsblZone.ip("127.0.0.2"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.10.3"))).isTrue();
        assertThat(z.accepts(DnsblZone.ip("127.0.0.1"))).isFalse();
        assertThat(z.accepts(DnsblZone.ip("127.255.255.254"))).isFalse();
        DnsblZone allow = DnsblZone.parse("wl.example;allow");
        assertThat(allow.allowList()).isTrue();
        assertThat(allow.weight()).isEqualTo(-1);
        assertThat(DnsblZone.parse("wl.example;allow;weight=-5").weight()).isEqualTo(-5);
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> DnsblZone.parse("")).hasMessageContaining("bad DNSBL zone");
        assertThatThrownBy(() -> DnsblZone.parse("bad zone.example")).hasMessageContaining("bad DNSBL zone");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example:")).hasMessageContaining("empty return-code list");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example:127.0.0.300")).hasMessageContaining("bad return code");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example:10.0.0.1")).hasMessageContaining("outside 127.0.0.0/8");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example:127.0.0.9-127.0.0.2")).hasMessageContaining("empty range");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example;weight=x")).hasMessageContaining("bad weight");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example;weight=-1")).hasMessageContaining("positive weight");
        assertThatThrownBy(() -> DnsblZone.parse("wl.example;allow;weight=2")).hasMessageContaining("negative weight");
        assertThatThrownBy(() -> DnsblZone.parse("bl.example;frob")).hasMessageContaining("unknown option");
    }
}
