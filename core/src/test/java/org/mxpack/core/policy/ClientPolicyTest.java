package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.verdict.Action;
import org.mxpack.testkit.LoopbackDnsServer;

class ClientPolicyTest {
    private static LoopbackDnsServer server;
    private static Services services;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN test.",
                "7.2.0.192.bl     IN A   127.0.0.2",
                "7.2.0.192.bl     IN TXT \"spam source\"",
                "8.2.0.192.bl     IN A   127.255.255.254",
                "7.2.0.192.wl     IN A   127.0.10.1",
                "7.2.0.192.in-addr.arpa. IN PTR mail.good.test.",
                "mail.good        IN A   192.0.2.7",
                ""), "test.");
        server.timeout("9.2.0.192.bl.test");
        services = Services.of(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0)), "mx.example.test")
                .withStageBudget(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        services.close();
        server.close();
    }

    private static ClientPolicy policy(String xml) {
        return ClientPolicy.read(services, DomConfigSource.ofXml("<handler>" + xml + "</handler>", "test <handler>"),
                FileResolver.relativeTo(Path.of(".")));
    }

    private static SessionFacts connect(ClientPolicy p, String ip) throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName(ip), "s1");
        p.onConnect(f);
        return f;
    }

    private static Optional<SmtpReply> helo(ClientPolicy p, SessionFacts f, String helo) {
        return p.onHelo(f, helo, List.of());
    }

    @Test
    void dnsblRefusesAtRcptByDefaultWithZoneCodeAndTxt() throws Exception {
        ClientPolicy p = policy("<dnsbl><zone>bl.test</zone></dnsbl>");
        SessionFacts f = connect(p, "192.0.2.7");
        assertThat(helo(p, f, "mail.good.test")).isEmpty();
        assertThat(p.onMail(f)).isEmpty();
        assertThat(p.onRcpt(f)).get().hasToString(
                "550 5.7.1 Client host rejected: 192.0.2.7 is listed on bl.test (127.0.0.2: spam source)");
        assertThat(p.onRcpt(f)).isPresent(); // sticky
    }

    @Test
    void errorRangeAnswerIsNotAListing() throws Exception {
        ClientPolicy p = policy("<dnsbl><zone>bl.test</zone><rejectAt>helo</rejectAt></dnsbl>");
        SessionFacts f = connect(p, "192.0.2.8");
        assertThat(helo(p, f, "mail.good.test")).isEmpty();
        assertThat(f.decision(ClientPolicy.DNSBL).get().action()).isEqualTo(Action.ACCEPT);
    }

    @Test
    void dnsblTimeoutIsNeverPermanent() throws Exception {
        ClientPolicy accept = policy("<dnsbl><zone>bl.test</zone><rejectAt>mail</rejectAt></dnsbl>");
        SessionFacts f = connect(accept, "192.0.2.9");
        assertThat(accept.onMail(f)).isEmpty();
        ClientPolicy tempfail = policy("<dnsbl><zone>bl.test</zone><rejectAt>mail</rejectAt>"
                + "<onDnsFailure>tempfail</onDnsFailure></dnsbl>");
        SessionFacts g = connect(tempfail, "192.0.2.9");
        assertThat(tempfail.onMail(g)).get().satisfies(r -> assertThat(r.isTemporary()).isTrue());
    }

    @Test
    void allowListZoneOutweighsBlockZone() throws Exception {
        ClientPolicy p = policy("<dnsbl><zone>bl.test</zone><zone>wl.test:127.0.10.0/24;allow</zone>"
                + "<rejectAt>helo</rejectAt></dnsbl>");
        assertThat(helo(p, connect(p, "192.0.2.7"), "mail.good.test")).isEmpty();
    }

    @Test
    void heloChecksAndStickiness() throws Exception {
        ClientPolicy p = policy("");
        SessionFacts f = connect(p, "192.0.2.7");
        assertThat(helo(p, f, "192.0.2.7")).get().extracting(SmtpReply::code).isEqualTo(501);
        assertThat(helo(p, f, "mail.good.test")).get().extracting(SmtpReply::code).isEqualTo(501);
        assertThat(p.onMail(f)).isPresent();
        SessionFacts g = connect(p, "192.0.2.7");
        assertThat(helo(p, g, "mx.example.test")).get().hasToString(
                "550 5.7.1 Helo command rejected: mx.example.test is our own name or address");
    }

    @Test
    void observeModeLogsButAccepts() throws Exception {
        ClientPolicy p = policy("<block>.good.test</block><blockList><reject>false</reject></blockList>");
        SessionFacts f = connect(p, "192.0.2.7");
        assertThat(helo(p, f, "mail.good.test")).isEmpty();
        assertThat(f.decision(ClientPolicy.BLOCK_LIST).get().action()).isEqualTo(Action.SHADOW_REJECT);
    }

    @Test
    void allowListExemptsFromEverything() throws Exception {
        ClientPolicy p = policy("<allow>192.0.2.0/24</allow><block>.good.test</block>");
        SessionFacts f = connect(p, "192.0.2.7");
        assertThat(helo(p, f, "mail.good.test")).isEmpty();
        assertThat(f.decisions()).isEmpty();
    }

    @Test
    void aHeloLiteralInsideAnAllowedNetworkDoesNotAllowList() throws Exception {
        ClientPolicy p = policy("<allow>192.0.2.0/24</allow><block>192.0.2.7</block>");
        SessionFacts f = connect(p, "203.0.113.9");
        assertThat(helo(p, f, "[192.0.2.7]")).isPresent();
        assertThat(f.allowListed()).isFalse();
        assertThat(f.checked()).isTrue();
    }

    @Test
    void nameRulesMatchTheForwardConfirmedNameNeverTheHelo() throws Exception {
        ClientPolicy p = policy("<allow>.good.test</allow><allow>.partner.test</allow>");
        // no PTR for 198.51.100.9: claiming a partner name in HELO earns nothing
        SessionFacts stranger = connect(p, "198.51.100.9");
        helo(p, stranger, "mx.partner.test");
        assertThat(stranger.allowListed()).isFalse();
        // 192.0.2.7 reverses to mail.good.test, which resolves back: allow-listed whatever its HELO
        SessionFacts partner = connect(p, "192.0.2.7");
        helo(p, partner, "anything.example");
        assertThat(partner.allowListed()).isTrue();
    }

    @Test
    void iprevIsRecordedAsEvidence() throws Exception {
        ClientPolicy p = policy("");
        SessionFacts f = connect(p, "192.0.2.7");
        helo(p, f, "mail.good.test");
        p.finish(f);
        assertThat(f.decision(ClientPolicy.IPREV).get().result()).isEqualTo("pass");
        assertThat(f.verdicts()).containsKey(ClientPolicy.IPREV);
        assertThat(f.decision(ClientPolicy.HELO_DNS).get().result()).isEqualTo("pass");
    }

    @Test
    void badSettingsNameElementAndValue() {
        assertThatThrownBy(() -> policy("<dnsbl><zone>bl.test:10.0.0.1</zone></dnsbl>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<zone>bl.test:10.0.0.1</zone>");
        assertThatThrownBy(() -> policy("<dnsbl><zone>bl.test</zone><rejectAt>data</rejectAt></dnsbl>"))
                .hasMessageContaining("<rejectAt>data</rejectAt>");
        assertThatThrownBy(() -> policy("<iprev><onDnsFailure>reject</onDnsFailure></iprev>"))
                .hasMessageContaining("never gives a 5xx");
        assertThatThrownBy(() -> policy("<helo><reject>maybe</reject></helo>"))
                .hasMessageContaining("<reject>maybe</reject>");
    }

    @Test
    void knobsThatWouldBeIgnoredStopTheStart() {
        // a DNS-less check has no <onDnsFailure>: refused, not read and ignored
        assertThatThrownBy(() -> policy("<blockList><onDnsFailure>tempfail</onDnsFailure></blockList>"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("<blockList><onDnsFailure>")
                .hasMessageContaining("makes no DNS lookup");
    }
}
