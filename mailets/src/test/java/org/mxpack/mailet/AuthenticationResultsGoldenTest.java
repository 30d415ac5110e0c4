package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.iprev.IprevVerdict;
import org.mxpack.core.policy.Services;
import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.james.VerdictAttributes;

/** Exact headers from recorded verdicts (nothing to compute, so no DNS). */
class AuthenticationResultsGoldenTest {
    private static Services services;

    @BeforeAll
    static void start() {
        // a resolver nobody answers: a lookup would show up as a temperror in the golden text
        services = Services.of(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer("127.0.0.1:9")))
                .withTimeout(Duration.ofMillis(100)).withRetries(0)), "mx.example.test");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private static Mail recorded() throws Exception {
        Mail mail = AuthenticationResultsTest.mail("192.0.2.10", "mail.good.test", "alice@good.test",
                AuthenticationResultsTest.text("From: alice@good.test", "Subject: x", "", "body")
                        .getBytes(StandardCharsets.ISO_8859_1));
        VerdictAttributes.putMethod(mail, "iprev",
                IprevVerdict.of("192.0.2.10", IprevResult.FAIL, List.of("x.test"), "no PTR name maps back").toMap());
        VerdictAttributes.putMethod(mail, "spf", SpfVerdict.of(SpfResult.FAIL, SpfIdentity.MAILFROM, "good.test",
                "192.0.2.10", "mail.good.test", "alice@good.test", "-all", "not permitted", "").toMap());
        VerdictAttributes.putMethod(mail, "spf-helo", SpfVerdict.of(SpfResult.NONE, SpfIdentity.HELO,
                "mail.good.test", "192.0.2.10", "mail.good.test", "", "", "", "").toMap());
        VerdictAttributes.putMethod(mail, "dkim", DkimVerdict.of(List.of(
                DkimSignatureVerdict.of(DkimResult.PASS, "", "good.test", "s1", "rsa-sha256", "@good.test",
                        "AAAAAAAAbbbbCCCC"),
                DkimSignatureVerdict.of(DkimResult.FAIL, "body hash did not verify", "list.example", "k(2)",
                        "ed25519-sha256", "@list.example", "AAAAAAAAzzzz")), 0).toMap());
        VerdictAttributes.putMethod(mail, "dmarc",
                DmarcVerdict.none("good.test", "good.test", "no DMARC record at _dmarc.good.test").toMap());
        return mail;
    }

    @Test
    void everyMethodInOrderFoldedAtSeventyEight() throws Exception {
        Mail mail = recorded();
        AuthenticationResultsTest.mailet(services).service(mail);
        assertThat(mail.getMessage().getHeader("Authentication-Results")).containsExactly(String.join("\r\n",
                "mx.example.test;",
                "\tiprev=fail reason=\"no PTR name maps back\" policy.iprev=192.0.2.10;",
                "\tspf=fail",
                "\treason=\"domain of alice@good.test does not designate 192.0.2.10 as permitted",
                " sender\" smtp.mailfrom=alice@good.test;",
                "\tspf=none",
                "\treason=\"domain of postmaster@mail.good.test does not designate permitted",
                " sender hosts\" smtp.helo=mail.good.test;",
                "\tdkim=pass header.d=good.test header.i=@good.test header.s=s1",
                "\theader.a=rsa-sha256 header.b=AAAAAAAAb;",
                "\tdkim=fail reason=\"body hash did not verify\" header.d=list.example",
                "\theader.i=@list.example header.s=\"k(2)\" header.a=ed25519-sha256",
                "\theader.b=AAAAAAAAz;",
                "\tdmarc=none reason=\"no DMARC record at _dmarc.good.test\" header.from=good.test"));
        assertThat(mail.getMessage().getHeader("Received-SPF")).containsExactly(String.join("\r\n",
                "fail (mx.example.test: domain of alice@good.test does not",
                " designate 192.0.2.10 as permitted sender) client-ip=192.0.2.10;",
                " envelope-from=\"alice@good.test\"; helo=mail.good.test;",
                " receiver=mx.example.test; identity=mailfrom; mechanism=-all;"));
    }

    @Test
    void recordedVerdictsMatch() throws Exception {
        Mail mail = recorded();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "spf:fail", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "spf:pass|softfail", mail)).isFalse();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "spf-helo:none", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "iprev:fail", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "dkim:pass", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "dkim:fail:list.example", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "dkim:pass:LIST.example.", mail)).isFalse();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "dmarc:none:good.test", mail)).isTrue();
        assertThat(AuthenticationResultsTest.matches("IsAuthResult", "dmarc:quarantine|reject", mail)).isFalse();
    }
}
