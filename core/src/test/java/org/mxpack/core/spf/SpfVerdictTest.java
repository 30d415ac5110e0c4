package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mxpack.core.verdict.AuthResult;

/** Rendering: Received-SPF (RFC 7208 §9.1) golden lines incl. quoting, Authentication-Results, map round trip. */
class SpfVerdictTest {
    private static final SpfVerdict PASS = SpfVerdict.of(SpfResult.PASS, SpfIdentity.MAILFROM, "example.com",
            "192.0.2.1", "foo.example.com", "myname@example.com", "ip4:192.0.2.0/24", "", "");

    @Test
    void keywords() {
        assertThat(SpfResult.SOFTFAIL.keyword()).isEqualTo("softfail");
        assertThat(SpfResult.fromKeyword("unknown")).isEqualTo(SpfResult.PERMERROR);
        assertThat(SpfResult.fromKeyword("error")).isEqualTo(SpfResult.TEMPERROR);
        assertThat(SpfIdentity.HELO.keyword()).isEqualTo("helo");
    }

    @Test
    void receivedSpfPass() {
        assertThat(PASS.receivedSpfHeader("mybox.example.org")).isEqualTo("Received-SPF: pass (mybox.example.org: "
                + "domain of myname@example.com designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; "
                + "envelope-from=\"myname@example.com\"; helo=foo.example.com; receiver=mybox.example.org; "
                + "identity=mailfrom; mechanism=\"ip4:192.0.2.0/24\";"); // ":" is not atext
    }

    @Test
    void receivedSpfQuotingAndCommentEscaping() {
        SpfVerdict v = SpfVerdict.of(SpfResult.PERMERROR, SpfIdentity.HELO, "bad(x).example", "2001:db8::1",
                "bad(x).example", "", "", "", "invalid \"term\" \\ here\r\n");
        assertThat(v.receivedSpfHeader("mx.example.org")).isEqualTo("Received-SPF: permerror (mx.example.org: "
                + "permanent error in processing during lookup of postmaster@bad\\(x\\).example: invalid \"term\" "
                + "\\\\ here) client-ip=\"2001:db8::1\"; helo=\"bad(x).example\"; receiver=mx.example.org; "
                + "identity=helo; problem=\"invalid \\\"term\\\" \\\\ here\";");
    }

    @Test
    void receivedSpfNullSenderShowsPostmasterAtHelo() {
        SpfVerdict v = SpfVerdict.of(SpfResult.NONE, SpfIdentity.MAILFROM, "h.example", "192.0.2.1", "h.example",
                "", "", "", "");
        assertThat(v.receivedSpfHeader("r.example")).isEqualTo("Received-SPF: none (r.example: domain of "
                + "postmaster@h.example does not designate permitted sender hosts) client-ip=192.0.2.1; "
                + "envelope-from=\"postmaster@h.example\"; helo=h.example; receiver=r.example; identity=mailfrom;");
    }

    @Test
    void otherComments() {
        assertThat(ReceivedSpfHeader.comment(SpfVerdict.of(SpfResult.SOFTFAIL, SpfIdentity.MAILFROM, "e.com",
                "192.0.2.1", "h", "a@e.com", "all", "", ""))).isEqualTo(
                "domain of transitioning a@e.com does not designate 192.0.2.1 as permitted sender");
        assertThat(ReceivedSpfHeader.comment(SpfVerdict.of(SpfResult.NEUTRAL, SpfIdentity.MAILFROM, "e.com",
                "192.0.2.1", "h", "a@e.com", "default", "", ""))).isEqualTo(
                "192.0.2.1 is neither permitted nor denied by domain of a@e.com");
        assertThat(ReceivedSpfHeader.comment(SpfVerdict.of(SpfResult.TEMPERROR, SpfIdentity.MAILFROM, "e.com",
                "192.0.2.1", "h", "a@e.com", "", "", "timeout"))).isEqualTo(
                "error in processing during lookup of a@e.com: timeout");
    }

    @Test
    void authResults() {
        AuthResult ar = PASS.toAuthResult();
        assertThat(ar.method()).isEqualTo("spf");
        assertThat(ar.result()).isEqualTo("pass");
        assertThat(ar.reason()).contains("designates 192.0.2.1");
        assertThat(ar.properties()).containsExactly(new AuthResult.Property("smtp", "mailfrom", "myname@example.com"));
        SpfVerdict quoted = SpfVerdict.of(SpfResult.FAIL, SpfIdentity.MAILFROM, "example.com", "192.0.2.1", "h",
                "\"odd local\"@example.com", "all", "x", "");
        assertThat(quoted.toAuthResult().properties())
                .containsExactly(new AuthResult.Property("smtp", "mailfrom", "example.com"));
        SpfVerdict helo = SpfVerdict.of(SpfResult.NONE, SpfIdentity.HELO, "h.example", "192.0.2.1", "h.example",
                "", "", "", "");
        assertThat(helo.toAuthResult().properties())
                .containsExactly(new AuthResult.Property("smtp", "helo", "h.example"));
    }

    @Test
    void mapRoundTrip() {
        Map<String, Object> m = PASS.toMap();
        assertThat(m).containsEntry("result", "pass").containsEntry("identity", "mailfrom")
                .containsEntry("client_ip", "192.0.2.1");
        assertThat(m.values()).allMatch(v -> v instanceof String);
        assertThat(SpfVerdict.fromMap(m)).isEqualTo(PASS);
    }

    @Test
    void claimsReceiverReadsTheReceiverPair() {
        assertThat(SpfVerdict.claimsReceiver("pass (x) client-ip=192.0.2.1; receiver=MX.example.test.; identity=helo;",
                "mx.example.test")).isTrue();
        assertThat(SpfVerdict.claimsReceiver("fail (x)\r\n receiver=\"mx.example.test\"", "mx.example.test")).isTrue();
        assertThat(SpfVerdict.claimsReceiver("pass (mx.example.test: x) receiver=other.example;", "mx.example.test"))
                .isFalse();
        assertThat(SpfVerdict.claimsReceiver("pass receiver=mx.example.test.evil;", "mx.example.test")).isFalse();
        assertThat(SpfVerdict.claimsReceiver("pass xreceiver=mx.example.test;", "mx.example.test")).isFalse();
    }
}
