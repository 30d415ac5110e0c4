package org.mxpack.core.policy;

import org.mxpack.core.verdict.Decision;

/**
 * Observes the policy engine for metrics (inside James: MetricFactory counters and timers).
 * The default does nothing, so core and the offline CLI need no metrics backend.
 */
public interface PolicyListener {
    PolicyListener NONE = new PolicyListener() {
        @Override
        public void decided(Decision decision) {
        }

        @Override
        public Runnable waitStarted(String check) {
            return () -> { };
        }
    };

    /** Every decision, once, as it is recorded. */
    void decided(Decision decision);

    /** A stage starts waiting for {@code check}'s lookup; run the result when the wait ends. */
    Runnable waitStarted(String check);

    /** mxpack's work on one SMTP command of {@code stage} starts; run the result when it is done. */
    default Runnable stageStarted(org.mxpack.core.reply.Stage stage) {
        return () -> { };
    }
}
