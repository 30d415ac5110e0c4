package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.core.arc.ArcKeys;
import org.mxpack.core.arc.ArcSealer;
import org.mxpack.core.arc.ArcSettings;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dmarc.PctSampler;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * ARC at end of DATA over real DNS: a message from a {@code p=reject} domain, forwarded by a list that
 * broke its DKIM signature and sealed what it saw (dmarc=pass), fails DMARC here; a trusted sealer's seal
 * turns the reject into an accept (RFC 7489 §6.7 local policy), an untrusted one does not, observe mode
 * only says so.
 */
class ArcPolicyTest {
    private static final String FORWARDER_IP = "203.0.113.9"; // not in strict.test's SPF
    private static LoopbackDnsServer server;
    private static Services services;
    private static byte[] sealedByList;
    private static byte[] sealedByStranger;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair author = g.generateKeyPair();
        KeyPair list = g.generateKeyPair();
        for (String[] k : new String[][] {{"sel._domainkey.strict.test", key(author)},
                {"arc._domainkey.lists.test", key(list)}, {"arc._domainkey.stranger.test", key(list)}}) {
            server.add(new TXTRecord(Name.fromString(k[0] + "."), DClass.IN, 300, MessagePolicyTest.chunks(k[1])));
        }
        server.add("strict.test", "TXT", "\"v=spf1 ip4:192.0.2.1 -all\"");
        server.add("_dmarc.strict.test", "TXT", "\"v=DMARC1; p=reject\"");
        byte[] signed = DkimSigner.rsaSha256(author.getPrivate(), "strict.test", "sel")
                .sign(MessagePolicyTest.message("ceo@strict.test", "via the list"));
        // the list adds a footer: the author's signature no longer verifies downstream
        byte[] footer = (new String(signed, StandardCharsets.ISO_8859_1) + "-- \r\nlist footer\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        String saw = "lists.test; spf=pass smtp.mailfrom=ceo@strict.test; dkim=pass header.d=strict.test;"
                + " dmarc=pass header.from=strict.test";
        sealedByList = ArcSealer.rsaSha256(list.getPrivate(), "lists.test", "arc", "lists.test")
                .seal(footer, ArcVerdict.none(), saw).prependTo(footer);
        sealedByStranger = ArcSealer.rsaSha256(list.getPrivate(), "stranger.test", "arc", "stranger.test")
                .seal(footer, ArcVerdict.none(), saw.replace("lists.test;", "stranger.test;")).prependTo(footer);
        DnsjavaResolver dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(500)).withRetries(0));
        services = Services.of(dns, "mx.example.org").withStageBudget(Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String key(KeyPair pair) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static ArcSettings arc(String inner) {
        return ArcSettings.read(DomConfigSource.ofXml("<mxpack><arc>" + inner + "</arc></mxpack>", "mxpack.xml"),
                FileResolver.relativeTo(Path.of(".")));
    }

    private static Optional<SmtpReply> run(ArcSettings arc, SessionFacts f, byte[] raw) {
        f.beginTransaction("ceo@strict.test");
        return MessagePolicy.read(services, Xml.handler(""), PctSampler.always(), arc)
                .onMessage(f, MessageInput.of(raw, "ceo@strict.test", "mail.lists.test", List.of("bob@example.org"),
                        "Q1")).refusal();
    }

    private static SessionFacts facts() throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName(FORWARDER_IP), "s1");
        f.helo("mail.lists.test");
        return f;
    }

    @Test
    void aTrustedSealersSeenPassOverridesTheReject() throws Exception {
        SessionFacts f = facts();
        assertThat(run(arc("<enabled>true</enabled><trustedSealer>lists.test</trustedSealer>"), f, sealedByList))
                .isEmpty();
        assertThat(f.decision("dmarc").get().result()).isEqualTo("fail");
        assertThat(f.decision("dmarc").get().reason()).contains("accepted: ARC chain sealed by trusted lists.test");
        assertThat(f.verdicts().get("arc").get("result")).isEqualTo("pass");
        // the mail's Authentication-Results says so: arc=pass, and dmarc=fail accepted by local policy
        String ar = MailVerdicts.read(m -> Optional.ofNullable(f.verdicts().get(m)),
                c -> f.decision(c).map(org.mxpack.core.verdict.Decision::toMap)).header("mx.example.org").renderUnfolded();
        assertThat(ar).contains("dmarc=fail (accepted by local policy, RFC 7489 6.7)").contains("arc=pass");
    }

    @Test
    void withoutTrustTheRejectStandsAndArcIsRecorded() throws Exception {
        SessionFacts f = facts();
        assertThat(run(arc("<enabled>true</enabled><trustedSealer>lists.test</trustedSealer>"), f, sealedByStranger)
                .map(SmtpReply::toString)).hasValue("550 5.7.26 DMARC: message failed strict.test policy (p=reject)");
        assertThat(f.verdicts().get("arc").get("result")).isEqualTo("pass");
        SessionFacts g = facts();
        assertThat(run(arc("<enabled>true</enabled>"), g, sealedByList)).isPresent();
        assertThat(run(ArcSettings.off(), facts(), sealedByList)).isPresent();
    }

    @Test
    void observeModeOnlySaysSo() throws Exception {
        SessionFacts f = facts();
        assertThat(run(arc("<enabled>true</enabled><trustedSealer>lists.test</trustedSealer><observe>true</observe>"),
                f, sealedByList)).isPresent();
        assertThat(f.decision("dmarc").get().reason()).contains("observe: would be accepted");
    }

    @Test
    void badSettingsStopTheStartNamingTheElement(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> arc("<trustedSealer>lists.test</trustedSealer>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs ARC verification");
        assertThatThrownBy(() -> arc("<enabled>true</enabled><trustedSealer>not a domain</trustedSealer>"))
                .hasMessageContaining("<trustedSealer>not a domain</trustedSealer>");
        assertThatThrownBy(() -> arc("<seal><domain>fwd.test</domain></seal>"))
                .hasMessageContaining("sealing needs <domain>, <selector> and <privateKeyFile>");
        Path notAKey = Files.writeString(dir.resolve("arc.pem"), "secret material, not PEM\n");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ArcSettings.read(DomConfigSource.ofXml(
                "<mxpack><arc><seal><domain>fwd.test</domain><selector>arc</selector><privateKeyFile>"
                        + notAKey + "</privateKeyFile></seal></arc></mxpack>", "mxpack.xml"),
                FileResolver.relativeTo(dir)));
        assertThat(t).isInstanceOf(ConfigException.class).hasMessageContaining("<privateKeyFile>" + notAKey);
        assertThat(t.getMessage()).doesNotContain("secret material");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path pem = Files.writeString(dir.resolve("good.pem"), ArcKeys.toPkcs1Pem(
                (java.security.interfaces.RSAPrivateCrtKey) g.generateKeyPair().getPrivate()));
        assertThat(ArcSettings.read(DomConfigSource.ofXml("<mxpack><arc><seal><domain>fwd.test</domain><selector>arc"
                + "</selector><privateKeyFile>" + pem + "</privateKeyFile></seal></arc></mxpack>", "mxpack.xml"),
                FileResolver.relativeTo(dir)).sealer("mx.example.org")).isPresent();
    }

    @Test
    void resinfosOfAnAuthenticationResultsValue() {
        List<ArcOverride.Resinfo> r = ArcOverride.Resinfo.parse(
                "lists.test 1; spf=pass (sender ok) smtp.mailfrom=ceo@strict.test; dkim=fail header.d=\"x.test\"; none");
        assertThat(r).hasSize(2);
        assertThat(r.get(0).method).isEqualTo("spf");
        assertThat(r.get(0).property("smtp.mailfrom")).isEqualTo("ceo@strict.test");
        assertThat(r.get(1).result).isEqualTo("fail");
        assertThat(r.get(1).property("header.d")).isEqualTo("x.test");
    }
}
