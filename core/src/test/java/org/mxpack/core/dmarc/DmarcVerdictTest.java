package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mxpack.core.verdict.AuthResult;

class DmarcVerdictTest {
    private static final DmarcRecord REC = DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; pct=50").orElseThrow();

    @Test
    void failAppliesSpForSubdomainsAndPctLowersTheDisposition() {
        DmarcVerdict sampled = DmarcVerdict.evaluated("mail.example.com", "example.com", "example.com", REC, "", "",
                true);
        assertThat(sampled.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(sampled.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(sampled.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        DmarcVerdict notSampled = DmarcVerdict.evaluated("example.com", "example.com", "example.com", REC, "", "",
                false);
        assertThat(notSampled.policy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(notSampled.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void passHasNoDisposition() {
        DmarcVerdict v = DmarcVerdict.evaluated("example.com", "example.com", "example.com", REC, "example.com",
                "example.com", true);
        assertThat(v.result()).isEqualTo(DmarcResult.PASS);
        assertThat(v.alignment()).isEqualTo(DmarcAlignment.BOTH);
        assertThat(v.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void authResult() {
        DmarcVerdict v = DmarcVerdict.evaluated("example.com", "example.com", "example.com", REC, "", "", true);
        assertThat(v.toAuthResult()).isEqualTo(AuthResult.of("dmarc", "fail")
                .withReason("p=reject sp=quarantine dis=reject")
                .withProperty("header", "from", "example.com")
                .withProperty("policy", "dmarc", "reject"));
        AuthResult none = DmarcVerdict.none("example.com", "example.com", "no DMARC record").toAuthResult();
        assertThat(none.result()).isEqualTo("none");
        assertThat(none.reason()).isEqualTo("no DMARC record");
        assertThat(none.properties()).hasSize(1);
    }

    @Test
    void mapRoundTrip() {
        DmarcVerdict v = DmarcVerdict.evaluated("mail.example.com", "example.com", "example.com", REC,
                "bounce.example.com", "", false);
        Map<String, Object> m = v.toMap();
        assertThat(m.values()).allMatch(x -> x instanceof String);
        assertThat(DmarcVerdict.fromMap(m)).isEqualTo(v);
        DmarcVerdict t = DmarcVerdict.temperror("example.com", "example.com", "SERVFAIL");
        assertThat(DmarcVerdict.fromMap(t.toMap())).isEqualTo(t);
        assertThatThrownBy(() -> DmarcVerdict.fromMap(Map.of("result", "maybe")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
