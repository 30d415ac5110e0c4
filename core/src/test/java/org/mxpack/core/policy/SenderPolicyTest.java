package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.core.verdict.Action;
import org.mxpack.testkit.LoopbackDnsServer;

/** SenderPolicy over a real loopback DNS server: every check, every knob, DNS failures. */
class SenderPolicyTest {
    private static final String PASS_IP = "192.0.2.1";
    private static final String OTHER_IP = "198.51.100.1";

    private static LoopbackDnsServer server;
    private static Services services;
    private static final List<Services> extra = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "pass      TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "fail      TXT \"v=spf1 -all\"",
                "soft      TXT \"v=spf1 ~all\"",
                "broken    TXT \"v=spf1 ip4:300.1.1.1 -all\"",
                "helo      TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "badhelo   TXT \"v=spf1 -all\"",
                "nullmx    MX  0 .",
                "realmx    MX  10 mail.example.test.",
                "realmx    TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "halfnull  MX  0 .",
                "halfnull  MX  10 mail.example.test.",
                ""), "example.test.");
        server.servfail("servfail.example.test");
        server.timeout("slow.example.test");
        services = Services.of(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofSeconds(2)).withRetries(0).withCacheBytes(0)), "mx.receiver.test");
    }

    @AfterAll
    static void stop() {
        services.close();
        extra.forEach(Services::close);
        server.close();
    }

    private static ConfigSource conf(String... pathsAndValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            m.computeIfAbsent(pathsAndValues[i], k -> new ArrayList<>()).add(pathsAndValues[i + 1]);
        }
        return new ConfigSource() {
            @Override
            public Optional<String> value(String path) {
                return m.getOrDefault(path, List.of()).stream().findFirst();
            }

            @Override
            public List<String> values(String path) {
                return m.getOrDefault(path, List.of());
            }

            @Override
            public String location() {
                return "smtpserver.xml <handler class=\"SenderHook\">";
            }
        };
    }

    private static SenderPolicy policy(String... knobs) {
        return policy(services, knobs);
    }

    private static SenderPolicy policy(Services s, String... knobs) {
        FileResolver none = (source, path, value) -> {
            throw new AssertionError("no files here");
        };
        return SenderPolicy.read(s, conf(knobs), none);
    }

    private static SessionFacts facts(String ip) throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName(ip), "s1");
        f.helo("helo.example.test");
        return f;
    }

    private static String mail(SenderPolicy p, SessionFacts f, String sender) {
        return p.onMail(f, sender, f.helo().orElse("")).map(SmtpReply::toString).orElse("250");
    }

    private static String mail(SenderPolicy p, String ip, String sender) throws Exception {
        return mail(p, facts(ip), sender);
    }

    @Test
    void spfPassAndItsVerdictIsRecorded() throws Exception {
        SessionFacts f = facts(PASS_IP);
        assertThat(mail(policy(), f, "alice@pass.example.test")).isEqualTo("250");
        SpfVerdict v = SpfVerdict.fromMap(f.verdicts().get(SenderPolicy.SPF));
        assertThat(v.result().keyword()).isEqualTo("pass");
        assertThat(v.envelopeFrom()).isEqualTo("alice@pass.example.test");
        assertThat(f.verdicts()).containsKey(SenderPolicy.SPF_HELO);
        assertThat(f.decision(SenderPolicy.SPF).orElseThrow().action()).isEqualTo(Action.ACCEPT);
        assertThat(f.sender()).contains("alice@pass.example.test");
    }

    @Test
    void spfFailIsRefusedWith5723() throws Exception {
        assertThat(mail(policy(), OTHER_IP, "alice@fail.example.test"))
                .isEqualTo("550 5.7.23 SPF: fail.example.test does not designate 198.51.100.1 as permitted sender");
    }

    @Test
    void defaultsAcceptSoftfailNeutralNoneAndPermerror() throws Exception {
        SenderPolicy p = policy();
        assertThat(mail(p, OTHER_IP, "a@soft.example.test")).isEqualTo("250");
        assertThat(mail(p, OTHER_IP, "a@nowhere.example.test")).isEqualTo("250"); // NXDOMAIN: none
        SessionFacts f = facts(OTHER_IP);
        assertThat(mail(p, f, "a@broken.example.test")).isEqualTo("250");
        assertThat(f.verdicts().get(SenderPolicy.SPF).get("result")).isEqualTo("permerror");
        assertThat(f.decision(SenderPolicy.SPF).orElseThrow().result()).isEqualTo("permerror");
    }

    @Test
    void servfailIsATemporaryRefusalNeverPermanent() throws Exception {
        assertThat(mail(policy(), PASS_IP, "a@servfail.example.test"))
                .isEqualTo("451 4.7.24 SPF: temporary DNS error looking up servfail.example.test");
        assertThat(mail(policy("spf.onDnsFailure", "accept"), PASS_IP, "a@servfail.example.test")).isEqualTo("250");
        // even with every result set to reject
        assertThat(mail(policy("spf.onNone", "reject", "spf.onPermerror", "reject"), PASS_IP,
                "a@servfail.example.test")).startsWith("451 4.7.24 ");
    }

    @Test
    void stageBudgetRunningOutIsATemporaryRefusal() throws Exception {
        Services quick = services.withStageBudget(Duration.ofMillis(150));
        extra.add(quick);
        String r = mail(policy(quick), PASS_IP, "a@slow.example.test");
        assertThat(r).startsWith("451 4.7.24 ");
    }

    @Test
    void perResultChoices() throws Exception {
        assertThat(mail(policy("spf.onPermerror", "reject"), OTHER_IP, "a@broken.example.test"))
                .startsWith("550 5.7.24 SPF: permanent error in broken.example.test SPF record");
        assertThat(mail(policy("spf.onSoftfail", "tempfail"), OTHER_IP, "a@soft.example.test"))
                .isEqualTo("451 4.7.24 SPF: soft.example.test gives 198.51.100.1 the SPF result softfail, try again later");
        assertThat(mail(policy("spf.onSoftfail", "reject"), OTHER_IP, "a@soft.example.test"))
                .startsWith("550 5.7.23 ").endsWith("(softfail)");
        assertThat(mail(policy("spf.onNone", "reject"), OTHER_IP, "a@nowhere.example.test"))
                .startsWith("550 5.7.23 ");
        assertThat(mail(policy("spf.onFail", "accept"), OTHER_IP, "a@fail.example.test")).isEqualTo("250");
    }

    @Test
    void nullSenderIsCheckedAsPostmasterAtHelo() throws Exception {
        SessionFacts f = facts(OTHER_IP);
        f.helo("badhelo.example.test");
        assertThat(mail(policy(), f, ""))
                .isEqualTo("550 5.7.23 SPF: badhelo.example.test does not designate 198.51.100.1 as permitted sender");
        assertThat(f.verdicts().get(SenderPolicy.SPF).get("envelope_from")).isEqualTo("");
        SessionFacts ok = facts(PASS_IP);
        assertThat(mail(policy(), ok, "")).isEqualTo("250");
        assertThat(ok.verdicts().get(SenderPolicy.SPF).get("result")).isEqualTo("pass");
    }

    @Test
    void heloIdentityObservesByDefault() throws Exception {
        SessionFacts f = facts(PASS_IP);
        f.helo("badhelo.example.test");
        assertThat(mail(policy(), f, "a@pass.example.test")).isEqualTo("250");
        assertThat(f.decision(SenderPolicy.SPF_HELO).orElseThrow().action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(f.verdicts().get(SenderPolicy.SPF_HELO).get("identity")).isEqualTo("helo");

        SessionFacts g = facts(PASS_IP);
        g.helo("badhelo.example.test");
        assertThat(mail(policy("spfHelo.reject", "true"), g, "a@pass.example.test"))
                .isEqualTo("550 5.7.23 SPF: badhelo.example.test does not designate 192.0.2.1 as permitted sender");

        // the HELO identity has its own per-result choices (<spfHelo><onFail>), no longer silently ignored
        SessionFacts h = facts(PASS_IP);
        h.helo("badhelo.example.test");
        assertThat(mail(policy("spfHelo.reject", "true", "spfHelo.onFail", "accept"), h, "a@pass.example.test"))
                .isEqualTo("250");
    }

    @Test
    void observeModeAcceptsButRecordsTheRefusal() throws Exception {
        SessionFacts f = facts(OTHER_IP);
        assertThat(mail(policy("spf.reject", "false"), f, "a@fail.example.test")).isEqualTo("250");
        assertThat(f.decision(SenderPolicy.SPF).orElseThrow().action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(f.decision(SenderPolicy.SPF).orElseThrow().reply().orElseThrow().toString()).startsWith("550 5.7.23");

        Services shadow = services.withShadow(true);
        extra.add(shadow);
        SessionFacts g = facts(OTHER_IP);
        assertThat(mail(policy(shadow), g, "a@fail.example.test")).isEqualTo("250");
        assertThat(g.decision(SenderPolicy.SPF).orElseThrow().action()).isEqualTo(Action.SHADOW_REJECT);
    }

    @Test
    void holdFailUntilData() throws Exception {
        SessionFacts f = facts(OTHER_IP);
        assertThat(mail(policy("spf.holdFailUntilData", "true"), f, "a@fail.example.test")).isEqualTo("250");
        assertThat(f.held(SenderPolicy.SPF).orElseThrow().toString())
                .isEqualTo("550 5.7.23 SPF: fail.example.test does not designate 198.51.100.1 as permitted sender");
        assertThat(f.verdicts().get(SenderPolicy.SPF).get("result")).isEqualTo("fail");
        // a new transaction starts over
        assertThat(mail(policy("spf.holdFailUntilData", "true"), f, "a@soft.example.test")).isEqualTo("250");
        assertThat(f.held(SenderPolicy.SPF)).isEmpty();
        // only fail is held: a temperror is still answered at MAIL
        assertThat(mail(policy("spf.holdFailUntilData", "true"), OTHER_IP, "a@servfail.example.test"))
                .startsWith("451 4.7.24 ");
    }

    @Test
    void failIsHeldByDefaultWhenDmarcRulesAtEndOfData() throws Exception {
        // MessageHook (DMARC on) marks the session at MAIL FROM, before SenderHook runs
        SessionFacts f = facts(OTHER_IP);
        f.dmarcAtEndOfData(true);
        assertThat(mail(policy(), f, "a@fail.example.test")).isEqualTo("250");
        assertThat(f.held(SenderPolicy.SPF)).isPresent();
        // explicitly off: refused at MAIL FROM as before
        SessionFacts g = facts(OTHER_IP);
        g.dmarcAtEndOfData(true);
        assertThat(mail(policy("spf.holdFailUntilData", "false"), g, "a@fail.example.test")).startsWith("550 5.7.23 ");
        // no DMARC at end of DATA (MessageHook absent, or dmarc off): nothing would rule on a held fail
        assertThat(mail(policy(), facts(OTHER_IP), "a@fail.example.test")).startsWith("550 5.7.23 ");
    }

    @Test
    void nullMx() throws Exception {
        assertThat(mail(policy(), PASS_IP, "a@nullmx.example.test")).isEqualTo(
                "550 5.7.27 Sender address rejected: <a@nullmx.example.test>: nullmx.example.test accepts no mail (null MX)");
        assertThat(mail(policy(), PASS_IP, "a@realmx.example.test")).isEqualTo("250");
        assertThat(mail(policy(), PASS_IP, "a@halfnull.example.test")).doesNotStartWith("550 5.7.27");
        assertThat(mail(policy("nullMx.enabled", "false"), PASS_IP, "a@nullmx.example.test")).isEqualTo("250");
        // SERVFAIL on the MX lookup: accept by default, 451 4.4.3 with tempfail, never 5xx
        SessionFacts f = facts(PASS_IP);
        mail(policy("spf.enabled", "false"), f, "a@servfail.example.test");
        assertThat(f.decision(SenderPolicy.NULL_MX).orElseThrow().result()).isEqualTo("temperror");
        assertThat(f.decision(SenderPolicy.NULL_MX).orElseThrow().action()).isEqualTo(Action.ACCEPT);
        assertThat(mail(policy("spf.enabled", "false", "nullMx.onDnsFailure", "tempfail"), PASS_IP,
                "a@servfail.example.test")).startsWith("451 4.4.3 ");
        // NXDOMAIN: not a null MX
        assertThat(mail(policy(), PASS_IP, "a@nowhere.example.test")).isEqualTo("250");
    }

    @Test
    void senderBlockList() throws Exception {
        SenderPolicy p = policy("sender", "*@spam.example", "sender", "user@*", "sender", ".bad.example");
        assertThat(mail(p, PASS_IP, "x@spam.example"))
                .isEqualTo("550 5.7.1 Sender address rejected: <x@spam.example> matches rule *@spam.example");
        assertThat(mail(p, PASS_IP, "user@pass.example.test")).startsWith("550 5.7.1 ").contains("user@*");
        assertThat(mail(p, PASS_IP, "a@deep.bad.example")).startsWith("550 5.7.1 ");
        assertThat(mail(p, PASS_IP, "a@pass.example.test")).isEqualTo("250");
        assertThat(mail(policy("sender", "*@spam.example", "senderList.reject", "false"), PASS_IP, "x@spam.example"))
                .isEqualTo("250");
    }

    @Test
    void trustedClientsAreNotChecked() throws Exception {
        SessionFacts f = facts(OTHER_IP);
        f.trusted(true);
        assertThat(mail(policy(), f, "a@fail.example.test")).isEqualTo("250");
        assertThat(f.decisions()).isEmpty();
        assertThat(f.sender()).contains("a@fail.example.test");
        assertThat(mail(policy("checkTrusted", "true"), f, "a@fail.example.test")).startsWith("550 5.7.23 ");
        SessionFacts allowed = facts(OTHER_IP);
        allowed.allowListed(true);
        assertThat(mail(policy("checkTrusted", "true"), allowed, "a@fail.example.test")).isEqualTo("250");
    }

    @Test
    void badSettingsNameElementAndValue() {
        assertThatThrownBy(() -> policy("spf.onFail", "bounce")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("<onFail>bounce</onFail>");
        assertThatThrownBy(() -> policy("spf.onDnsFailure", "reject")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("<onDnsFailure>reject</onDnsFailure>");
        assertThatThrownBy(() -> policy("sender", "a b@x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("<sender>");
    }
}
