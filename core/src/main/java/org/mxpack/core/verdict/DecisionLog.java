package org.mxpack.core.verdict;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the one log line per {@link Decision} to the {@code org.mxpack.decision} logger:
 * refusals and shadow refusals at INFO, accepts at DEBUG (one per check per event would drown
 * the log at INFO). The hook-side recorder calls this next to storing the attribute.
 */
public final class DecisionLog {
    public static final String LOGGER_NAME = "org.mxpack.decision";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private DecisionLog() {
    }

    public static void log(Decision decision) {
        if (decision.action() == Action.ACCEPT) {
            if (LOG.isDebugEnabled()) {
                LOG.debug(decision.logLine());
            }
        } else {
            LOG.info(decision.logLine());
        }
    }
}
