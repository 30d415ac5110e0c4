package org.mxpack.james;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.verdict.Decision;

class MetricsListenerTest {
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final MetricsListener listener = new MetricsListener(metrics);

    @Test
    void countsDecisionsResultsAndReplies() {
        listener.decided(Decision.refuse("spf", Stage.MAIL, SmtpReply.of(550, "5.7.23", "SPF: no"), false).withResult("fail"));
        listener.decided(Decision.refuse("dnsbl", Stage.RCPT, SmtpReply.of(550, "5.7.1", "listed"), true).withResult("listed"));
        listener.decided(Decision.accept("helo", Stage.HELO).withResult("pass"));
        assertThat(metrics.countFor("mxpack_decision_spf_reject")).isEqualTo(1);
        assertThat(metrics.countFor("mxpack_result_spf_fail")).isEqualTo(1);
        assertThat(metrics.countFor("mxpack_reply_550")).isEqualTo(1);
        assertThat(metrics.countFor("mxpack_decision_dnsbl_shadow_reject")).isEqualTo(1);
        assertThat(metrics.countFor("mxpack_shadow_reply_550")).isEqualTo(1);
        assertThat(metrics.countFor("mxpack_decision_helo_accept")).isEqualTo(1);
    }

    @Test
    void timesWaits() {
        listener.waitStarted("dnsbl").run();
        assertThat(metrics.executionTimesFor("mxpack_wait_dnsbl")).hasSize(1);
    }
}
