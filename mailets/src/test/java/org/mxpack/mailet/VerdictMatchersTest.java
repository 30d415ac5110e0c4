package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dmarc.DmarcRecord;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.spam.SpamAction;
import org.mxpack.core.spam.SpamSymbol;
import org.mxpack.core.spam.SpamVerdict;
import org.mxpack.core.verdict.Decision;
import org.mxpack.james.VerdictAttributes;

/** IsAuthResult and IsSpam on recorded verdicts; bad conditions fail the matcher's init. */
class VerdictMatchersTest {
    private static Mail mail() throws MessagingException {
        return FakeMail.builder().name("m").recipients("bob@example.test", "carol@example.test").build();
    }

    private static GenericMatcher matcher(GenericMatcher m, String name, String condition) throws MessagingException {
        m.init(FakeMatcherConfig.builder().matcherName(name).condition(condition).build());
        return m;
    }

    private static boolean authResult(String condition, Mail mail) throws MessagingException {
        return !matcher(new IsAuthResult(), "IsAuthResult", condition).match(mail).isEmpty();
    }

    private static boolean spam(String condition, Mail mail) throws MessagingException {
        return !matcher(new IsSpam(), "IsSpam", condition).match(mail).isEmpty();
    }

    private static DmarcVerdict failing(String record) {
        return DmarcVerdict.evaluated("evil.test", "evil.test", "evil.test", DmarcRecord.parse(record).orElseThrow(),
                "", "", true);
    }

    @Test
    void dmarcQuarantineFromTheDisposition() throws Exception {
        Mail mail = mail();
        VerdictAttributes.putMethod(mail, "dmarc", failing("v=DMARC1; p=quarantine").toMap());
        assertThat(authResult("dmarc:quarantine", mail)).isTrue();
        assertThat(authResult("dmarc:fail:evil.test", mail)).isTrue();
        assertThat(authResult("dmarc:quarantine:good.test", mail)).isFalse();
        assertThat(authResult("dmarc:reject|pass", mail)).isFalse();
        assertThat(matcher(new IsAuthResult(), "IsAuthResult", "dmarc:quarantine").match(mail)).hasSize(2);
    }

    @Test
    void dmarcQuarantineDecidedAtEndOfData() throws Exception {
        Mail mail = mail();
        // p=reject, but the DATA stage only quarantines (its reject switch is off): the decision says so
        VerdictAttributes.putMethod(mail, "dmarc", failing("v=DMARC1; p=reject").toMap());
        VerdictAttributes.put(mail, "dmarc",
                Decision.accept("dmarc", Stage.DATA).withResult("quarantine").withReason("p=reject").toMap());
        assertThat(authResult("dmarc:quarantine", mail)).isTrue();
        assertThat(authResult("dmarc:reject", mail)).isTrue();
    }

    @Test
    void absentOrUnreadableVerdictsNeverMatch() throws Exception {
        Mail mail = mail();
        assertThat(authResult("spf:fail", mail)).isFalse();
        assertThat(authResult("dmarc:quarantine", mail)).isFalse();
        VerdictAttributes.putMethod(mail, "spf", java.util.Map.of("result", "bogus"));
        assertThat(authResult("spf:fail|pass|none|neutral|softfail|temperror|permerror", mail)).isFalse();
        assertThat(spam("", mail)).isFalse();
    }

    @Test
    void badConditionsNameTheMatcherAndTheCondition() {
        assertThatThrownBy(() -> authResult("spf", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("IsAuthResult=spf").hasMessageContaining("METHOD:RESULT");
        assertThatThrownBy(() -> authResult("spf:failed", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("IsAuthResult=spf:failed").hasMessageContaining("softfail");
        assertThatThrownBy(() -> authResult("arc:pass", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("unknown method 'arc'");
        assertThatThrownBy(() -> authResult("dmarc:discard", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("quarantine");
        assertThatThrownBy(() -> authResult("dkim:pass:", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("empty DOMAIN");
        assertThatThrownBy(() -> spam("junk", null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("IsSpam=junk").hasMessageContaining("add-header");
    }

    @Test
    void spamOnRspamdAction() throws Exception {
        Mail mail = mail();
        VerdictAttributes.putMethod(mail, "spam", SpamVerdict.scanned(SpamAction.ADD_HEADER, 7.5, 15)
                .withSymbols(List.of(SpamSymbol.of("GTUBE", 7.5, List.of()))).toMap());
        assertThat(spam("", mail)).isTrue();
        assertThat(spam("add-header|rewrite-subject", mail)).isTrue();
        assertThat(spam("add_header", mail)).isTrue();
        assertThat(spam("reject", mail)).isFalse();
        Mail clean = mail();
        VerdictAttributes.putMethod(clean, "spam", SpamVerdict.scanned(SpamAction.NO_ACTION, 0.1, 15).toMap());
        assertThat(spam("", clean)).isFalse();
        assertThat(spam("no-action", clean)).isTrue();
        Mail unscanned = mail();
        VerdictAttributes.putMethod(unscanned, "spam", SpamVerdict.timeout("rspamd took too long").toMap());
        assertThat(spam("no-action", unscanned)).isFalse();
    }
}
