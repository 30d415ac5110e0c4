package org.mxpack.core.dmarc;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a failing message falls into the {@code pct} sample (RFC 7489 §6.6.4).
 * Injectable so tests are deterministic.
 */
@FunctionalInterface
public interface PctSampler {
    /** True when the message is subject to the full policy; {@code pct} is 0..100. */
    boolean sampled(int pct);

    /** The production sampler: a uniform draw per message. */
    static PctSampler random() {
        return pct -> pct >= 100 || (pct > 0 && ThreadLocalRandom.current().nextInt(100) < pct);
    }

    /** Always applies the full policy (pct ignored). */
    static PctSampler always() {
        return pct -> true;
    }
}
