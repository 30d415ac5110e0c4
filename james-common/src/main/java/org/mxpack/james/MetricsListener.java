package org.mxpack.james;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.james.metrics.api.Metric;
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
 *
 * <p>Every decision of every message passes here, so names are made once: the counters and the timer
 * names are kept by what they were made from (a few dozen checks, actions, results and codes; past
 * {@link #MAX_REMEMBERED} nothing more is kept, it is only made again).
 */
final class MetricsListener implements PolicyListener {
    static final int MAX_REMEMBERED = 1024;

    private final MetricFactory metrics;
    private final Map<String, Metric> counters = new ConcurrentHashMap<>();
    private final Map<String, String> timerNames = new ConcurrentHashMap<>();

    MetricsListener(MetricFactory metrics) {
        this.metrics = metrics;
    }

    @Override
    public void decided(Decision d) {
        String check = d.check();
        counter("decision\0" + check + '\0' + d.action().name(),
                k -> "mxpack_decision_" + name(check) + "_" + name(d.action().name())).increment();
        if (!d.result().isEmpty()) {
            counter("result\0" + check + '\0' + d.result(),
                    k -> "mxpack_result_" + name(check) + "_" + name(d.result())).increment();
        }
        d.reply().ifPresent(r -> {
            String prefix = d.action().isShadow() ? "mxpack_shadow_reply_" : "mxpack_reply_";
            counter(prefix + r.code(), k -> k).increment();
        });
    }

    @Override
    public Runnable waitStarted(String check) {
        TimeMetric timer = metrics.timer(timerName("wait\0" + check, k -> "mxpack_wait_" + name(check)));
        return timer::stopAndPublish;
    }

    @Override
    public Runnable stageStarted(org.mxpack.core.reply.Stage stage) {
        TimeMetric timer = metrics.timer(timerName("stage\0" + stage.name(), k -> "mxpack_stage_" + name(stage.name())));
        return timer::stopAndPublish;
    }

    private Metric counter(String key, Function<String, String> metricName) {
        Metric known = counters.get(key);
        if (known != null) {
            return known;
        }
        Metric made = metrics.generate(metricName.apply(key));
        if (counters.size() < MAX_REMEMBERED) {
            counters.put(key, made);
        }
        return made;
    }

    private String timerName(String key, Function<String, String> metricName) {
        String known = timerNames.get(key);
        if (known != null) {
            return known;
        }
        String made = metricName.apply(key);
        if (timerNames.size() < MAX_REMEMBERED) {
            timerNames.put(key, made);
        }
        return made;
    }

    static String name(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
