package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dmarc.PctSampler;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.routes.ForwardAction;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.core.routes.NextHop;
import org.mxpack.core.routes.Route;
import org.mxpack.core.verdict.Action;
import org.mxpack.core.verdict.Decision;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * Forwardability at end of DATA: the client is in every author's SPF record, so DMARC passes here on
 * SPF alone; whether a forwarded copy survives depends on an aligned passing DKIM signature.
 */
class ForwardabilityTest {
    static final String IP = "192.0.2.1";

    private static LoopbackDnsServer server;
    private static Services services;
    private static DkimSigner strict;
    private static DkimSigner other;
    private static DkimSigner broken;

    private static final Route FORWARD = Route.mapped(Route.Kind.FORWARD, "carol@example.org",
            List.of("carol@far.example"), List.of("carol@far.example"), true, "forward");
    private static final Route LOCAL = Route.localUser("bob@example.org", "user");
    private static final Route RELAY = Route.relay("x@partner.example",
            NextHop.of("10.0.0.5", 25, NextHop.Tls.OPTIONAL), "relay");

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < key.length(); i += 255) {
            chunks.add(key.substring(i, Math.min(key.length(), i + 255)));
        }
        for (String name : List.of("sel._domainkey.strict.test", "sel._domainkey.other.test")) {
            server.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, chunks));
        }
        server.loadZone(String.join("\n",
                "$ORIGIN test.",
                "strict        IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "_dmarc.strict IN TXT \"v=DMARC1; p=reject; pct=10\"",
                "broken        IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "_dmarc.broken IN TXT \"v=DMARC1; p=reject\"",
                "quar          IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "_dmarc.quar   IN TXT \"v=DMARC1; p=quarantine\"",
                "other         IN TXT \"v=spf1 -all\"",
                ""), "test.");
        server.servfail("sel._domainkey.broken.test");
        strict = DkimSigner.rsaSha256(pair.getPrivate(), "strict.test", "sel");
        other = DkimSigner.rsaSha256(pair.getPrivate(), "other.test", "sel");
        broken = DkimSigner.rsaSha256(pair.getPrivate(), "broken.test", "sel");
        DnsjavaResolver dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0));
        services = Services.of(dns, "mx.example.org").withStageBudget(Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        services.close();
        server.close();
    }

    static byte[] message(String from) {
        return ("From: " + from + "\r\nTo: carol@example.org\r\nSubject: forward me\r\n"
                + "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <1@x.test>\r\n\r\nHello.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static SessionFacts facts() throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName(IP), "S1");
        f.helo("mail.sender.test");
        return f;
    }

    /** One transaction whose RCPT stage recorded these routes. */
    static Optional<SmtpReply> run(MessagePolicy policy, SessionFacts f, String sender, byte[] raw, Route... routes) {
        f.beginTransaction(sender);
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> rcpts = new ArrayList<>();
        for (Route r : routes) {
            m.put(r.recipient(), r.toMap());
            rcpts.add(r.recipient());
        }
        f.verdictForTransaction(RecipientPolicy.ROUTES, m);
        return policy.onMessage(f, MessageInput.of(raw, sender, "mail.sender.test", rcpts, "Mail1")).refusal();
    }

    static MessagePolicy policy(String xml) {
        return MessagePolicy.read(services, Xml.handler(xml), PctSampler.always());
    }

    static String result(SessionFacts f) {
        return f.decision(MessagePolicy.FORWARDABILITY).map(Decision::result).orElse("(no decision)");
    }

    static Forwardability verdict(SessionFacts f) {
        return Forwardability.fromMap(f.verdicts().get(MessagePolicy.FORWARDABILITY));
    }

    @Test
    void pRejectWithoutAlignedDkimIsRefusedByDefault() throws Exception {
        SessionFacts f = facts();
        Optional<SmtpReply> r = run(policy(""), f, "a@strict.test", message("a@strict.test"), LOCAL, FORWARD);
        assertThat(r.map(Object::toString)).hasValue("550 5.7.26 Cannot forward: message from strict.test "
                + "(DMARC p=reject) has no aligned DKIM signature, so its copy forwarded for <carol@example.org> "
                + "would be refused");
        assertThat(f.decision("dmarc").get().result()).as("DMARC passes here, on SPF").isEqualTo("pass");
        assertThat(result(f)).isEqualTo("reject");
        // a third-party signature does not help
        assertThat(run(policy(""), facts(), "a@strict.test", other.sign(message("a@strict.test")), FORWARD)
                .map(SmtpReply::code)).hasValue(550);
    }

    @Test
    void alignedDkimForwardsAndOtherPoliciesDoNotMatter() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy(""), f, "a@strict.test", strict.sign(message("a@strict.test")), FORWARD)).isEmpty();
        assertThat(result(f)).isEqualTo("forwardable");
        assertThat(f.verdicts()).doesNotContainKey(MessagePolicy.FORWARDABILITY);
        SessionFacts q = facts();
        assertThat(run(policy(""), q, "a@quar.test", message("a@quar.test"), FORWARD)).isEmpty();
        assertThat(result(q)).isEqualTo("forwardable");
    }

    @Test
    void nothingForwardedOffSiteMeansNoDecision() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy(""), f, "a@strict.test", message("a@strict.test"), LOCAL,
                Route.srsBounce("SRS0=abcd=TT=x.example=y@fwd.example.org", "y@x.example", "bounce"))).isEmpty();
        assertThat(result(f)).isEqualTo("(no decision)");
    }

    @Test
    void localKeepsTheCopyHereAndRecordsIt() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy("<forwardability><onForward>local</onForward></forwardability>"), f, "a@strict.test",
                message("a@strict.test"), LOCAL, FORWARD, RELAY)).isEmpty();
        assertThat(result(f)).isEqualTo("local");
        assertThat(f.decision(MessagePolicy.FORWARDABILITY).get().action()).isEqualTo(Action.ACCEPT);
        Forwardability v = verdict(f);
        assertThat(v.keepLocal()).containsExactly("carol@example.org");
        assertThat(v.actionFor("<CAROL@example.org>")).hasValue(ForwardAction.LOCAL);
        assertThat(v.actionFor("x@partner.example")).as("relay default: forward").hasValue(ForwardAction.FORWARD);
        assertThat(v.actionFor("bob@example.org")).isEmpty();
        assertThat(v.authors()).containsExactly("strict.test");
        assertThat(f.verdicts().get(MessagePolicy.FORWARDABILITY)).containsEntry("keepLocal", List.of("carol@example.org"));
    }

    @Test
    void forwardAnywayIsRecorded() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy("<forwardability><onForward>forward</onForward></forwardability>"), f, "a@strict.test",
                message("a@strict.test"), FORWARD)).isEmpty();
        assertThat(result(f)).isEqualTo("forward");
        assertThat(verdict(f).recipients()).containsEntry("carol@example.org", ForwardAction.FORWARD);
        assertThat(verdict(f).keepLocal()).isEmpty();
    }

    @Test
    void relayRoutesHaveTheirOwnChoice() throws Exception {
        assertThat(run(policy(""), facts(), "a@strict.test", message("a@strict.test"), RELAY)).isEmpty();
        assertThat(run(policy("<forwardability><onRelay>reject</onRelay></forwardability>"), facts(), "a@strict.test",
                message("a@strict.test"), RELAY).map(Object::toString).orElse(""))
                .startsWith("550 5.7.26 Cannot forward: ").contains("<x@partner.example>");
        assertThatThrownBy(() -> policy("<forwardability><onRelay>local</onRelay></forwardability>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<onRelay>local</onRelay>");
        assertThatThrownBy(() -> policy("<forwardability><onForward>bounce</onForward></forwardability>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<onForward>bounce</onForward>");
    }

    @Test
    void observeOnlyForwardsAndSaysSo() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy("<forwardability><reject>false</reject><onForward>local</onForward></forwardability>"
                + ""), f, "a@strict.test", message("a@strict.test"), FORWARD)).isEmpty();
        assertThat(verdict(f).recipients()).containsEntry("carol@example.org", ForwardAction.FORWARD);
        SessionFacts g = facts();
        assertThat(run(policy("<forwardability><reject>false</reject></forwardability>"), g, "a@strict.test",
                message("a@strict.test"), FORWARD)).isEmpty();
        assertThat(g.decision(MessagePolicy.FORWARDABILITY).get().action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(verdict(g).recipients()).containsEntry("carol@example.org", ForwardAction.FORWARD);
    }

    @Test
    void anUnverifiableAlignedKeyIsTemporary() throws Exception {
        SessionFacts f = facts();
        Optional<SmtpReply> r = run(policy(""), f, "a@broken.test", broken.sign(message("a@broken.test")), FORWARD);
        assertThat(r.map(Object::toString).orElse("")).startsWith("451 4.7.1 DKIM: temporary error verifying the DKIM");
        assertThat(result(f)).isEqualTo("temperror");
        assertThat(run(policy("<forwardability><onDnsFailure>accept</onDnsFailure></forwardability>"), facts(),
                "a@broken.test", broken.sign(message("a@broken.test")), FORWARD)).isEmpty();
        assertThat(run(policy("<forwardability><onForward>forward</onForward></forwardability>"), facts(),
                "a@broken.test", broken.sign(message("a@broken.test")), FORWARD)).as("nothing to decide").isEmpty();
    }

    @Test
    void disabledOrWithoutDmarcDoesNothing() throws Exception {
        SessionFacts f = facts();
        assertThat(run(policy("<forwardability><enabled>false</enabled></forwardability>"), f, "a@strict.test",
                message("a@strict.test"), FORWARD)).isEmpty();
        assertThat(result(f)).isEqualTo("(no decision)");
        SessionFacts g = facts();
        assertThat(run(policy("<dmarc><enabled>false</enabled></dmarc>"), g, "a@strict.test",
                message("a@strict.test"), FORWARD)).isEmpty();
        assertThat(result(g)).isEqualTo("(no decision)");
    }

    @Test
    void verdictMapRoundTrips() {
        Forwardability v = Forwardability.of(Map.of("carol@example.org", ForwardAction.LOCAL), List.of("strict.test"),
                "why");
        assertThat(Forwardability.fromMap(v.toMap())).isEqualTo(v);
        assertThat(v.result()).isEqualTo(ForwardAction.LOCAL);
    }
}
