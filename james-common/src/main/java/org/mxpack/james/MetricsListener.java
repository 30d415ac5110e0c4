package org.mxpack.james;

import java.util.Locale;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.mxpack.core.policy.PolicyListener;
import org.mxpack.core.verdict.Decision;

/**
 * mxpack's metrics in James's MetricFactory (webadmin /metrics, JMX, ...):
 * {@code mxpack_decision_<check>_<action>}, {@code mxpack_result_<check>_<result>},
 * {@code mxpack_reply_<code>} (replies sent, and would-be replies in shadow mode as
 * {@code mxpack_shadow_reply_<code>}), the timer {@code mxpack_wait_<check>} for how long an
 * SMTP stage waited for a lookup, and {@code mxpack_stage_<helo|mail|rcpt|data>} for mxpack's whole
 * work on one command of that stage.
 */
final class MetricsListener implements PolicyListener {
    private final MetricFactory metrics;

    MetricsListener(MetricFactory metrics) {
        this.metrics = metrics;
    }

    @Override
    public void decided(Decision d) {
        String check = name(d.check());
        metrics.generate("mxpack_decision_" + check + "_" + name(d.action().name())).increment();
        if (!d.result().isEmpty()) {
            metrics.generate("mxpack_result_" + check + "_" + name(d.result())).increment();
        }
        d.reply().ifPresent(r -> metrics.generate(
                (d.action().isShadow() ? "mxpack_shadow_reply_" : "mxpack_reply_") + r.code()).increment());
    }

    @Override
    public Runnable waitStarted(String check) {
        TimeMetric timer = metrics.timer("mxpack_wait_" + name(check));
        return timer::stopAndPublish;
    }

    @Override
    public Runnable stageStarted(org.mxpack.core.reply.Stage stage) {
        TimeMetric timer = metrics.timer("mxpack_stage_" + name(stage.name()));
        return timer::stopAndPublish;
    }

    private static String name(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
