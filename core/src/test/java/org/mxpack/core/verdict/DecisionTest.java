package org.mxpack.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;

class DecisionTest {
    private static final SmtpContext CTX = SmtpContext.empty().withIp("192.0.2.7").withHelo("mail.example.com")
            .withSender("user@example.com").withRecipient("<rcpt@example.org>");

    @Property
    void checkNamesAreLowerCaseWordsJoinedByDashes(
            @ForAll @Chars({'a', 'z', '0', '9', '-', 'A', '_', ' '}) @StringLength(max = 12) String name) {
        assertThat(Decision.isCheckName(name)).isEqualTo(name.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }

    private static Decision spfReject() {
        return Decision.refuse("spf", Stage.MAIL, ReplyTable.spfFail(Stage.MAIL, "example.com", "192.0.2.7"), false)
                .withResult("fail").withContext(CTX);
    }

    @Test
    void goldenLogLine() {
        assertThat(spfReject().logLine()).isEqualTo("mxpack stage=MAIL check=spf action=REJECT ip=192.0.2.7"
                + " helo=mail.example.com from=<user@example.com> rcpt=<rcpt@example.org> result=fail"
                + " reply=\"550 5.7.23 SPF: example.com does not designate 192.0.2.7 as permitted sender\"");
    }

    @Test
    void acceptLogLineHasNoReply() {
        Decision d = Decision.accept("helo-list", Stage.HELO)
                .withContext(SmtpContext.empty().withIp("2001:db8::1").withHelo("mx.example.com").withSession("SMTP-42"));
        assertThat(d.logLine()).isEqualTo("mxpack stage=HELO check=helo-list action=ACCEPT session=SMTP-42"
                + " ip=2001:db8::1 helo=mx.example.com");
        assertThat(d.reply()).isEmpty();
        assertThat(d.replyToSend()).isEmpty();
    }

    @Test
    void nullSenderIsAngleBrackets() {
        Decision d = Decision.accept("spf", Stage.MAIL).withContext(SmtpContext.empty().withSender("<>"));
        assertThat(d.context().sender()).hasValue("");
        assertThat(d.logLine()).isEqualTo("mxpack stage=MAIL check=spf action=ACCEPT from=<>");
    }

    @Test
    void clientDataCannotSplitOrForgeTheLogLine() {
        Decision d = Decision.refuse("helo-list", Stage.HELO,
                ReplyTable.reply(Stage.HELO, Reason.CLIENT_BLOCKED, "x"), false)
                .withReason("he said \"hi\" \\o/")
                .withContext(SmtpContext.empty().withHelo("evil\r\nmxpack stage=RCPT action=ACCEPT")
                        .withSender("SRS0=ab=TT=example.com=u@fwd.example").withRecipient("a b@example.org"));
        String line = d.logLine();
        assertThat(line).doesNotContain("\r").doesNotContain("\n");
        assertThat(line).isEqualTo("mxpack stage=HELO check=helo-list action=REJECT"
                + " helo=\"evil  mxpack stage=RCPT action=ACCEPT\""
                + " from=\"<SRS0=ab=TT=example.com=u@fwd.example>\" rcpt=\"<a b@example.org>\""
                + " reason=\"he said \\\"hi\\\" \\\\o/\""
                + " reply=\"550 5.7.1 Client host rejected: x\"");
    }

    @Test
    void logValuesAreBoundedAndInvisibleCharactersBlanked() {
        char[] big = new char[10_000];
        Arrays.fill(big, 'a');
        String v = LogFormat.value(new String(big));
        assertThat(v).hasSize(LogFormat.MAX_VALUE).endsWith("...");
        assertThat(LogFormat.value("a\u2028b\u202ec\u0000d\u0085e")).isEqualTo("\"a b c d e\"");
        assertThat(LogFormat.value("caf\u00e9")).isEqualTo("\"caf\u00e9\"");
        assertThat(LogFormat.value("")).isEqualTo("\"\"");
        assertThat(LogFormat.value(null)).isEqualTo("\"\"");
        assertThat(LogFormat.value("<a@b.example>")).isEqualTo("<a@b.example>");
    }

    @Test
    void refuseChoosesTheActionFromTheReplyAndTheShadowSwitch() {
        SmtpReply perm = ReplyTable.reply(Stage.RCPT, Reason.DNSBL_LISTED, "192.0.2.7 is listed on zen.example (127.0.0.2)");
        SmtpReply temp = ReplyTable.reply(Stage.MAIL, Reason.SPF_TEMPERROR);
        assertThat(Decision.refuse("dnsbl", Stage.RCPT, perm, false).action()).isEqualTo(Action.REJECT);
        assertThat(Decision.refuse("dnsbl", Stage.RCPT, perm, true).action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(Decision.refuse("spf", Stage.MAIL, temp, false).action()).isEqualTo(Action.TEMPFAIL);
        assertThat(Decision.refuse("spf", Stage.MAIL, temp, true).action()).isEqualTo(Action.SHADOW_TEMPFAIL);

        Decision shadow = Decision.refuse("dnsbl", Stage.RCPT, perm, true);
        assertThat(shadow.replyToSend()).isEmpty();
        assertThat(shadow.reply()).hasValue(perm);
        assertThat(shadow.action().isShadow()).isTrue();
        assertThat(shadow.action().refuses()).isFalse();
        Decision real = Decision.refuse("dnsbl", Stage.RCPT, perm, false);
        assertThat(real.replyToSend()).hasValue(perm);
        assertThat(real.action().refuses()).isTrue();
        assertThat(shadow.logLine()).contains(" action=SHADOW_REJECT ").contains("reply=\"550 5.7.1 ");
    }

    @Test
    void inconsistentDecisionsAreProgrammingErrors() {
        SmtpReply perm = SmtpReply.of(550, "5.7.1", "no");
        SmtpReply temp = SmtpReply.of(451, "4.7.1", "later");
        assertThatThrownBy(() -> Decision.of("spf", Stage.MAIL, Action.ACCEPT, perm)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.of("spf", Stage.MAIL, Action.REJECT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.of("spf", Stage.MAIL, Action.REJECT, temp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.of("spf", Stage.MAIL, Action.SHADOW_TEMPFAIL, perm)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.refuse("spf", Stage.MAIL, SmtpReply.of(250, "2.0.0", "ok"), false))
                .isInstanceOf(IllegalArgumentException.class);
        for (String bad : Arrays.asList("SPF", "spf check", "", "-spf", "spf-", "spf=x", null)) {
            assertThatThrownBy(() -> Decision.accept(bad, Stage.MAIL)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void mapRoundTripThroughJsonForEveryAction(Action action) throws Exception {
        SmtpReply reply = action == Action.ACCEPT ? null
                : action == Action.REJECT || action == Action.SHADOW_REJECT
                        ? ReplyTable.dmarcReject("example.com", "reject") : ReplyTable.reply(Stage.DATA, Reason.DMARC_TEMPERROR);
        Decision d = Decision.of("dmarc", Stage.DATA, action, reply).withResult("fail").withReason("p=reject")
                .withContext(CTX.withSession("s1"));
        Map<String, Object> map = d.toMap();
        assertJsonFriendly(map);
        assertThat(Decision.fromMap(map)).isEqualTo(d);
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = json.readValue(json.writeValueAsString(map), Map.class);
        assertThat(Decision.fromMap(back)).isEqualTo(d);
        assertThat(Decision.fromMap(back).logLine()).isEqualTo(d.logLine());
    }

    @Test
    void minimalMapRoundTrip() {
        Decision d = Decision.accept("iprev", Stage.CONNECT);
        assertThat(d.toMap()).containsOnlyKeys("check", "stage", "action", "context");
        assertThat(Decision.fromMap(d.toMap())).isEqualTo(d);
        Map<String, Object> noContext = new HashMap<>(d.toMap());
        noContext.remove("context");
        assertThat(Decision.fromMap(noContext)).isEqualTo(d);
    }

    @Test
    void malformedMapsAreRefused() {
        Map<String, Object> good = spfReject().toMap();
        for (String key : Arrays.asList("check", "stage", "action", "reply")) {
            Map<String, Object> m = new HashMap<>(good);
            m.remove(key);
            assertThatThrownBy(() -> Decision.fromMap(m)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        Map<String, Object> m = new HashMap<>(good);
        m.put("stage", "BANNER");
        assertThatThrownBy(() -> Decision.fromMap(m)).isInstanceOf(IllegalArgumentException.class);
        m.put("stage", "MAIL");
        m.put("reply", "550 5.7.23 x");
        assertThatThrownBy(() -> Decision.fromMap(m)).isInstanceOf(IllegalArgumentException.class);
        m.put("reply", good.get("reply"));
        m.put("context", Map.of("ip", 7L));
        assertThatThrownBy(() -> Decision.fromMap(m)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisionLogWritesWithoutFailing() {
        DecisionLog.log(spfReject());
        DecisionLog.log(Decision.accept("spf", Stage.MAIL));
    }

    @Test
    void contextMapKeepsOnlyPresentValues() {
        assertThat(SmtpContext.empty().toMap()).isEmpty();
        assertThat(CTX.toMap()).containsOnlyKeys("ip", "helo", "from", "rcpt");
        assertThat(SmtpContext.fromMap(CTX.toMap())).isEqualTo(CTX);
        assertThat(CTX.recipient()).hasValue("rcpt@example.org");
    }

    private static void assertJsonFriendly(Object v) {
        if (v instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                assertThat(e.getKey()).isInstanceOf(String.class);
                assertJsonFriendly(e.getValue());
            }
        } else if (v instanceof List) {
            ((List<?>) v).forEach(DecisionTest::assertJsonFriendly);
        } else {
            assertThat(v).isInstanceOfAny(String.class, Boolean.class, Long.class);
        }
    }
}
