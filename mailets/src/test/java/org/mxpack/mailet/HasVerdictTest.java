package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mxpack.james.VerdictAttributes;

class HasVerdictTest {
    private static Mail mailWith(String check, Map<String, Object> verdict) throws MessagingException {
        Mail mail = FakeMail.builder().name("m1").recipients("bob@example.test", "carol@example.test").build();
        if (verdict != null) {
            VerdictAttributes.put(mail, check, verdict);
        }
        return mail;
    }

    private static HasVerdict matcher(String condition) throws MessagingException {
        HasVerdict m = new HasVerdict();
        m.init(FakeMatcherConfig.builder().matcherName("HasVerdict").condition(condition).build());
        return m;
    }

    @Test
    void attributesRoundTripAsPlainJsonValues() throws Exception {
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("check", "spf");
        verdict.put("result", "fail");
        verdict.put("score", 7L);
        verdict.put("shadow", Boolean.FALSE);
        verdict.put("hits", List.of(Map.of("zone", "zen.example", "code", "127.0.0.2")));
        Mail mail = mailWith("spf", verdict);
        assertThat(VerdictAttributes.get(mail, "spf")).contains(verdict);
        assertThat(VerdictAttributes.get(mail, "dkim")).isEmpty();
    }

    @Test
    void matchesOnResultOrAction() throws Exception {
        Mail mail = mailWith("helo-list", Map.of("check", "helo-list", "action", "ACCEPT"));
        assertThat(matcher("helo-list:accept").match(mail)).hasSize(2);
        assertThat(matcher("helo-list:reject|tempfail").match(mail)).isEmpty();
        assertThat(matcher("helo-list").match(mail)).hasSize(2);
        assertThat(matcher("spf").match(mail)).isEmpty();
    }

    @Test
    void conditionIsRequired() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class).hasMessageContaining("HasVerdict");
    }
}
