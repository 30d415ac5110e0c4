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
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dmarc.PctSampler;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.spam.HeaderEdit;
import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.core.verdict.Action;
import org.mxpack.core.verdict.Decision;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.Ports;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** The end-of-DATA policy against a real loopback DNS server, with messages signed here. */
class MessagePolicyTest {
    static final String GOOD_IP = "192.0.2.1";
    static final String BAD_IP = "203.0.113.5";

    private static LoopbackDnsServer server;
    private static Services services;
    private static DkimSigner example;
    private static DkimSigner exampleSha1;
    private static DkimSigner other;
    private static DkimSigner broken;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        for (String name : List.of("sel._domainkey.example.test", "sel._domainkey.other.test",
                "sel._domainkey.quar.test")) {
            server.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, chunks(key)));
        }
        server.loadZone(String.join("\n",
                "$ORIGIN test.",
                "example      IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "_dmarc.example IN TXT \"v=DMARC1; p=reject\"",
                "quar         IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "_dmarc.quar  IN TXT \"v=DMARC1; p=quarantine\"",
                "plain        IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
                "other        IN TXT \"v=spf1 -all\"",
                ""), "test.");
        server.timeout("_dmarc.slow.test");
        server.servfail("sel._domainkey.broken.test");
        server.add("_dmarc.broken.test", "TXT", "\"v=DMARC1; p=reject\"");
        example = DkimSigner.rsaSha256(pair.getPrivate(), "example.test", "sel");
        exampleSha1 = DkimSigner.rsaSha1(pair.getPrivate(), "example.test", "sel");
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

    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            out.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        return out;
    }

    static byte[] message(String from, String subject) {
        return ("From: " + from + "\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <" + Math.abs(subject.hashCode())
                + "@x.test>\r\n\r\nHello Bob,\r\nsee you.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static SessionFacts facts(String ip) throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName(ip), "S1");
        f.helo("mail.sender.test");
        return f;
    }

    static Optional<SmtpReply> run(MessagePolicy policy, SessionFacts facts, String sender, byte[] raw) {
        facts.beginTransaction(sender);
        return policy.onMessage(facts, MessageInput.of(raw, sender, "mail.sender.test", List.of("bob@example.org"),
                "Mail1")).refusal();
    }

    private static MessagePolicy policy(String xml) {
        return MessagePolicy.read(services, Xml.handler(xml), PctSampler.always());
    }

    private static String result(SessionFacts facts, String check) {
        return facts.decision(check).map(Decision::result).orElse("(no decision)");
    }

    @Test
    void legitimateMailPassesEverything() throws Exception {
        SessionFacts f = facts(GOOD_IP);
        Optional<SmtpReply> r = run(policy(""), f, "alice@example.test",
                example.sign(message("Alice <alice@example.test>", "legit")));
        assertThat(r).isEmpty();
        assertThat(result(f, "dkim")).isEqualTo("pass");
        assertThat(result(f, "dmarc")).isEqualTo("pass");
        assertThat(f.verdicts()).containsKeys("dkim", "dmarc", "spf");
        assertThat(f.verdicts().get("spf").get("result")).isEqualTo("pass");
        assertThat(f.verdicts().get("dmarc").get("alignment")).isEqualTo("both");
    }

    @Test
    void dkimRequirementModes() throws Exception {
        MessagePolicy p = policy("<dkim><require>aligned</require></dkim><dmarc><enabled>false</enabled></dmarc>");
        assertThat(run(p, facts(GOOD_IP), "a@plain.test", message("a@plain.test", "unsigned")).map(Object::toString))
                .hasValue("550 5.7.20 DKIM: no passing DKIM signature found");
        assertThat(run(p, facts(GOOD_IP), "a@example.test",
                exampleSha1.sign(message("a@example.test", "sha1"))).map(Object::toString).orElse(""))
                .startsWith("550 5.7.21 DKIM: no acceptable DKIM signature found: rsa-sha1");
        assertThat(run(p, facts(GOOD_IP), "a@plain.test", other.sign(message("a@plain.test", "third party")))
                .map(Object::toString))
                .hasValue("550 5.7.22 DKIM: no valid author-matched DKIM signature found for plain.test");
        assertThat(run(p, facts(GOOD_IP), "a@example.test", example.sign(message("a@example.test", "ok")))).isEmpty();
        // a key that cannot be fetched now is never a 5xx
        assertThat(run(p, facts(GOOD_IP), "a@broken.test", broken.sign(message("a@broken.test", "servfail")))
                .map(SmtpReply::code)).hasValue(451);

        MessagePolicy pass = policy("<dkim><require>pass</require></dkim><dmarc><enabled>false</enabled></dmarc>");
        assertThat(run(pass, facts(GOOD_IP), "a@plain.test", other.sign(message("a@plain.test", "third")))).isEmpty();
    }

    @Test
    void atMailFromItTellsTheSenderStageWhetherDmarcRulesAtEndOfData() throws Exception {
        SessionFacts on = facts(GOOD_IP);
        policy("").onMail(on, "a@example.test");
        assertThat(on.dmarcAtEndOfData()).isTrue();
        SessionFacts off = facts(GOOD_IP);
        policy("<dmarc><enabled>false</enabled></dmarc>").onMail(off, "a@example.test");
        assertThat(off.dmarcAtEndOfData()).isFalse();
    }

    @Test
    void signaturesLeftUnverifiedByOurOwnLimitsNeverGiveA5xx() throws Exception {
        // the aligned signature is the second; maxSignatures=1 verifies only the third-party one on top
        byte[] twoSigs = other.sign(example.sign(message("a@example.test", "two signatures")));
        MessagePolicy aligned = policy("<dkim><require>aligned</require><maxSignatures>1</maxSignatures></dkim>"
                + "<dmarc><enabled>false</enabled></dmarc>");
        assertThat(run(aligned, facts(GOOD_IP), "a@example.test", twoSigs).map(Object::toString))
                .hasValue("451 4.7.1 DKIM: temporary error verifying signatures, try again later");
        // DMARC p=reject with SPF failing: the pass that would align is the one we did not verify
        MessagePolicy dmarc = policy("<dkim><maxSignatures>1</maxSignatures></dkim>");
        SessionFacts f = facts(BAD_IP);
        assertThat(run(dmarc, f, "a@example.test", twoSigs).map(SmtpReply::code)).hasValue(451);
        assertThat(result(f, "dmarc")).isEqualTo("temperror");
        // with every signature verified the same message passes
        assertThat(run(policy("<dkim><require>aligned</require></dkim>"), facts(BAD_IP), "a@example.test", twoSigs))
                .isEmpty();
    }

    @Test
    void dkimRequirementOnlyForListedAuthorDomains() throws Exception {
        MessagePolicy p = policy("<dkim><require>pass</require><requireFor>example.test</requireFor></dkim>"
                + "<dmarc><enabled>false</enabled></dmarc>");
        assertThat(run(p, facts(GOOD_IP), "a@plain.test", message("a@plain.test", "x"))).isEmpty();
        assertThat(run(p, facts(GOOD_IP), "a@example.test", message("a@sub.example.test", "y")).map(SmtpReply::code))
                .hasValue(550);
    }

    @Test
    void dkimRecordOnlyByDefault() throws Exception {
        SessionFacts f = facts(GOOD_IP);
        assertThat(run(policy("<dmarc><enabled>false</enabled></dmarc>"), f, "a@plain.test",
                message("a@plain.test", "x"))).isEmpty();
        assertThat(f.decision("dkim").get().action()).isEqualTo(Action.ACCEPT);
        assertThat(result(f, "dkim")).isEqualTo("none");
    }

    @Test
    void dmarcRejectWithoutAlignment() throws Exception {
        SessionFacts f = facts(BAD_IP);
        Optional<SmtpReply> r = run(policy(""), f, "alice@example.test", message("alice@example.test", "forged"));
        assertThat(r).hasValue(ReplyTable.dmarcReject("example.test", "reject"));
        assertThat(r.get().toString()).isEqualTo("550 5.7.26 DMARC: message failed example.test policy (p=reject)");
        assertThat(result(f, "dmarc")).isEqualTo("reject");
        assertThat(f.verdicts().get("spf").get("result")).isEqualTo("fail");
    }

    @Test
    void dmarcRejectSignedByAThirdPartyOnly() throws Exception {
        assertThat(run(policy(""), facts(BAD_IP), "x@other.test", other.sign(message("a@example.test", "3rd")))
                .map(SmtpReply::code)).hasValue(550);
    }

    @Test
    void dmarcPctOutsideTheSampleIsQuarantine() throws Exception {
        SessionFacts f = facts(BAD_IP);
        MessagePolicy p = MessagePolicy.read(services, Xml.handler(""), pct -> false);
        assertThat(run(p, f, "alice@example.test", message("alice@example.test", "pct"))).isEmpty();
        assertThat(result(f, "dmarc")).isEqualTo("quarantine");
    }

    @Test
    void dmarcQuarantineIsAcceptedAndMarked() throws Exception {
        SessionFacts f = facts(BAD_IP);
        assertThat(run(policy(""), f, "a@quar.test", message("a@quar.test", "q"))).isEmpty();
        assertThat(result(f, "dmarc")).isEqualTo("quarantine");
        assertThat(f.decision("dmarc").get().action()).isEqualTo(Action.ACCEPT);
    }

    @Test
    void dmarcObserveOnly() throws Exception {
        SessionFacts f = facts(BAD_IP);
        assertThat(run(policy("<dmarc><reject>false</reject></dmarc>"), f, "a@example.test",
                message("a@example.test", "observe"))).isEmpty();
        assertThat(f.decision("dmarc").get().action()).isEqualTo(Action.SHADOW_REJECT);
    }

    @Test
    void dmarcTimeoutIsTemporary() throws Exception {
        SessionFacts f = facts(BAD_IP);
        Optional<SmtpReply> r = run(policy(""), f, "a@slow.test", message("a@slow.test", "slow"));
        assertThat(r.map(SmtpReply::code)).hasValue(451);
        assertThat(r.get().enhanced()).isEqualTo("4.7.1");
        assertThat(result(f, "dmarc")).isEqualTo("temperror");
        assertThat(run(policy("<dmarc><onDnsFailure>accept</onDnsFailure></dmarc>"), facts(BAD_IP), "a@slow.test",
                message("a@slow.test", "slow2"))).isEmpty();
    }

    @Test
    void dmarcRejectBecomesTemporaryWhenAnAlignedKeyIsUnavailable() throws Exception {
        Optional<SmtpReply> r = run(policy(""), facts(BAD_IP), "a@broken.test",
                broken.sign(message("a@broken.test", "key servfail")));
        assertThat(r.map(SmtpReply::code)).hasValue(451);
    }

    @Test
    void everyAuthorDomainIsEvaluated() throws Exception {
        SessionFacts f = facts(GOOD_IP);
        assertThat(run(policy(""), f, "a@plain.test", message("a@plain.test, b@example.test", "two"))
                .map(SmtpReply::code)).hasValue(550);
        SessionFacts none = facts(BAD_IP);
        assertThat(run(policy(""), none, "a@plain.test", "Subject: no from\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(result(none, "dmarc")).isEqualTo("permerror");
    }

    @Test
    void decoyAuthorDomainsCannotHideAPolicy() throws Exception {
        // five decoys, then the p=reject domain: refused as malformed, never accepted unevaluated
        byte[] raw = message("a@d1.test, b@d2.test, c@d3.test, d@d4.test, e@d5.test, ceo@example.test", "decoys");
        SessionFacts f = facts(BAD_IP);
        assertThat(run(policy(""), f, "a@d1.test", raw).map(SmtpReply::toString)).hasValue(
                "554 5.6.0 Message rejected as malformed: 6 author domains in From; DMARC evaluates at most 5");
        assertThat(result(f, "dmarc")).isEqualTo("permerror");
    }

    @Test
    void aHeaderSectionTooLargeToReadIsRefusedNotAcceptedWithoutDmarc() throws Exception {
        StringBuilder big = new StringBuilder();
        String pad = "X-Pad: " + "p".repeat(990) + "\r\n";
        while (big.length() <= 1100 * 1024) {
            big.append(pad);
        }
        byte[] raw = (big + "From: ceo@example.test\r\nSubject: hidden\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        SessionFacts f = facts(BAD_IP);
        assertThat(run(policy(""), f, "x@plain.test", raw).map(SmtpReply::toString)).hasValue(
                "552 5.3.4 Message header too big: header section larger than 1048576 bytes");
    }

    @Test
    void unfoldingAHugeFromFieldIsLinear() throws Exception {
        // 200,000 folded lines (1.2 MB): the old quadratic unfolding spent 6.2 s of CPU here; linear work is
        // a few milliseconds, so 5 s is a guard against the quadratic kind, not a speed measurement
        StringBuilder from = new StringBuilder("From: ceo@example.test");
        for (int i = 0; i < 200_000; i++) {
            from.append("\r\n ,");
        }
        byte[] raw = (from + "\r\nSubject: folded\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        org.mxpack.core.dmarc.AuthorDomains authors = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5), () -> org.mxpack.core.dmarc.AuthorDomains.parse(raw));
        assertThat(authors.domains()).containsExactly("example.test");
    }

    @Test
    void recordedSpfVerdictIsUsed() throws Exception {
        SessionFacts f = facts(BAD_IP);
        f.beginTransaction("alice@example.test");
        f.verdictForTransaction("spf", SpfVerdict.of(SpfResult.PASS, SpfIdentity.MAILFROM, "example.test", BAD_IP,
                "mail.sender.test", "alice@example.test", "ip4", "", "").toMap());
        Optional<SmtpReply> r = policy("").onMessage(f, MessageInput.of(message("alice@example.test", "recorded"),
                "alice@example.test", null, List.of("bob@example.org"), null)).refusal();
        assertThat(r).isEmpty();
        assertThat(result(f, "dmarc")).isEqualTo("pass");
    }

    @Test
    void heldSpfFailIsRescuedByAlignedDkimOnly() throws Exception {
        SmtpReply held = ReplyTable.spfFail(Stage.MAIL, "example.test", BAD_IP);
        SessionFacts f = facts(BAD_IP);
        f.beginTransaction("alice@example.test");
        f.hold("spf", held);
        MessageOutcome ok = policy("").onMessage(f, MessageInput.of(example.sign(message("alice@example.test", "r")),
                "alice@example.test", null, List.of("bob@example.org"), "M"));
        assertThat(ok.refusal()).isEmpty();
        assertThat(result(f, "spf-hold")).isEqualTo("rescued");
        assertThat(f.decision("spf-hold").get().reason()).contains("d=example.test");

        SessionFacts g = facts(BAD_IP);
        g.beginTransaction("alice@plain.test");
        g.hold("spf", ReplyTable.spfFail(Stage.MAIL, "plain.test", BAD_IP));
        MessageOutcome no = policy("<dmarc><enabled>false</enabled></dmarc><dkim><enabled>false</enabled></dkim>")
                .onMessage(g, MessageInput.of(other.sign(message("alice@plain.test", "n")), "alice@plain.test", null,
                        List.of("bob@example.org"), "M"));
        assertThat(no.refusal().map(Object::toString).orElse(""))
                .startsWith("550 5.7.23 SPF: plain.test does not designate " + BAD_IP);
        assertThat(result(g, "spf-hold")).isEqualTo("fail");
    }

    @Test
    void sizeLimit() throws Exception {
        MessagePolicy p = policy("<size><maxSize>100</maxSize></size>");
        Optional<SmtpReply> r = run(p, facts(GOOD_IP), "a@plain.test", message("a@plain.test", "x".repeat(200)));
        assertThat(r.map(Object::toString).orElse("")).startsWith("552 5.3.4 Message too big: message of ");
        assertThat(run(policy("<size><maxSize>1k</maxSize></size><dmarc><enabled>false</enabled></dmarc>"),
                facts(GOOD_IP), "a@plain.test", message("a@plain.test", "small"))).isEmpty();
    }

    @Test
    void trustedAndAllowListedClientsAreNotChecked() throws Exception {
        MessagePolicy p = policy("<size><maxSize>10</maxSize></size>");
        SessionFacts f = facts(BAD_IP);
        f.trusted(true);
        assertThat(run(p, f, "a@example.test", message("a@example.test", "t"))).isEmpty();
        assertThat(f.decisions()).isEmpty();
        SessionFacts g = facts(BAD_IP);
        g.trusted(true);
        assertThat(run(policy("<checkTrusted>true</checkTrusted><size><maxSize>10</maxSize></size>"), g,
                "a@example.test", message("a@example.test", "t")).map(SmtpReply::code)).hasValue(552);
    }

    @Test
    void globalShadowAcceptsButRecords() throws Exception {
        SessionFacts f = facts(BAD_IP);
        MessagePolicy p = MessagePolicy.read(Services.of(services.dns(), "mx").withShadow(true), Xml.handler(""));
        assertThat(run(p, f, "a@example.test", message("a@example.test", "s"))).isEmpty();
        assertThat(f.decision("dmarc").get().action()).isEqualTo(Action.SHADOW_REJECT);
    }

    @Test
    void scannerDownIsConfigurable() throws Exception {
        String url = "http://127.0.0.1:" + Ports.free();
        SessionFacts f = facts(GOOD_IP);
        MessageOutcome open = policy("<dmarc><enabled>false</enabled></dmarc><spam><url>" + url + "</url></spam>")
                .onMessage(f, MessageInput.of(message("a@plain.test", "x"), "a@plain.test", null, List.of("b@x.test"),
                        "Q"));
        assertThat(open.refusal()).isEmpty();
        // no verdict, yet a sender's own X-Spam-* must not pass for ours
        assertThat(open.headerEdits()).containsExactly(HeaderEdit.removePrefix("X-Spam-"));
        assertThat(result(f, "spam")).isEqualTo("unavailable");
        assertThat(f.verdicts().get("spam").get("status")).isEqualTo("UNAVAILABLE");
        MessageOutcome closed = policy("<dmarc><enabled>false</enabled></dmarc><spam><url>" + url
                + "</url><onFailure>tempfail</onFailure></spam>").onMessage(facts(GOOD_IP),
                MessageInput.of(message("a@plain.test", "x"), "a@plain.test", null, List.of("b@x.test"), "Q"));
        assertThat(closed.refusal().map(Object::toString).orElse(""))
                .isEqualTo("451 4.7.1 Message content deferred: content scanner unavailable, try again later");
    }

    @Test
    void senderSpamHeadersGoOnlyWhenAScannerIsConfigured() throws Exception {
        MessageInput in = MessageInput.of(message("a@plain.test", "x"), "a@plain.test", null, List.of("b@x.test"), "Q");
        assertThat(policy("<dmarc><enabled>false</enabled></dmarc>").onMessage(facts(GOOD_IP), in).headerEdits())
                .isEmpty();
        SessionFacts trusted = facts(GOOD_IP);
        trusted.trusted(true);
        String url = "http://127.0.0.1:" + Ports.free();
        assertThat(policy("<spam><url>" + url + "</url></spam>").onMessage(trusted, in).headerEdits())
                .as("not scanned (trusted client), still stripped").containsExactly(HeaderEdit.removePrefix("X-Spam-"));
    }

    @Test
    void spamHeadersReplaceForgedOnes() {
        List<HeaderEdit> edits = MessagePolicy.spamHeaders(org.mxpack.core.spam.SpamVerdict.scanned(
                org.mxpack.core.spam.SpamAction.ADD_HEADER, 7, 15));
        assertThat(edits).extracting(Object::toString).containsExactly("-X-Spam-Status[0]", "-X-Spam-Flag[0]",
                "+X-Spam-Status[0]: Yes, score=7.00 required=15.00 tests=NONE", "+X-Spam-Flag[0]: YES");
    }

    @Test
    void configErrorsNameTheElement() {
        assertThatThrownBy(() -> policy("<size><maxSize>lots</maxSize></size>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxSize").hasMessageContaining("lots");
        assertThatThrownBy(() -> policy("<dkim><require>always</require></dkim>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("require").hasMessageContaining("always");
        assertThatThrownBy(() -> policy("<spam><enabled>true</enabled></spam>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<url>");
        assertThatThrownBy(() -> policy("<spam><url>ftp://x</url></spam>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> policy("<dmarc><onDnsFailure>reject</onDnsFailure></dmarc>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("onDnsFailure");
    }
}
