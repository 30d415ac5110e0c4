package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DmarcRecordTest {
    @Test
    void parsesTagsCaseInsensitiveLiteralsAndDefaults() {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=Quarantine; sp=REJECT; adkim=s; aspf=S; pct=25; "
                + "rua=mailto:Reports@Example.COM").orElseThrow();
        assertThat(r.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(r.subdomainPolicy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(r.strictDkim()).isTrue();
        assertThat(r.strictSpf()).isTrue();
        assertThat(r.pct()).isEqualTo(25);
        assertThat(r.rua()).containsExactly("mailto:Reports@Example.COM");
        DmarcRecord d = DmarcRecord.parse("v=DMARC1;p=none").orElseThrow();
        assertThat(d.subdomainPolicy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(d.strictDkim()).isFalse();
        assertThat(d.pct()).isEqualTo(100);
    }

    @Test
    void badOptionalTagsFallBackToDefaults() {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; adkim=x; pct=150; bogus; zz=1").orElseThrow();
        assertThat(r.strictDkim()).isFalse();
        assertThat(r.pct()).isEqualTo(100);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=abc").orElseThrow().pct()).isEqualTo(100);
    }

    @Test
    void versionMustComeFirstAndBeExact() {
        assertThat(DmarcRecord.isDmarc("v = DMARC1; p=reject")).isTrue();
        assertThat(DmarcRecord.isDmarc("v=dmarc1; p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarc("v=DMARC1x; p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarc("p=reject; v=DMARC1")).isFalse();
        assertThat(DmarcRecord.isDmarc("v=spf1 -all")).isFalse();
        assertThat(DmarcRecord.isDmarc("")).isFalse();
        assertThat(DmarcRecord.parse("some text")).isEmpty();
    }

    @Test
    void invalidPolicyMeansNoProcessingUnlessRuaIsValid() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=bogus")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; adkim=s")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=bogus")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; p=bogus; rua=not a uri")).isEmpty();
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=bogus; rua=mailto:d@example.com!10m").orElseThrow();
        assertThat(r.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(r.policyFromRua()).isTrue();
    }

    @Test
    void hugeRecordsAreRejectedWithoutWork() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; x=" + "a".repeat(10_000))).isEmpty();
    }
}
