package org.mxpack.core.policy;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.Knobs;

/**
 * The three switches every check has (STYLE.md 12): run it at all ({@code <enabled>}), refuse on
 * a bad result or only observe and log "would have refused" ({@code <reject>}), and what a
 * temporary DNS failure does ({@code <onDnsFailure>}).
 */
public final class CheckSettings {
    private final boolean enabled;
    private final boolean reject;
    private final OnDnsFailure onDnsFailure;

    private CheckSettings(boolean enabled, boolean reject, OnDnsFailure onDnsFailure) {
        this.enabled = enabled;
        this.reject = reject;
        this.onDnsFailure = onDnsFailure;
    }

    public static CheckSettings of(boolean enabled, boolean reject, OnDnsFailure onDnsFailure) {
        return new CheckSettings(enabled, reject, onDnsFailure);
    }

    /** Reads {@code <prefix><enabled>/<reject>/<onDnsFailure>} with the given defaults. */
    public static CheckSettings read(Knobs knobs, String prefix, CheckSettings defaults) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        String failure = knobs.source().value(p + "onDnsFailure").orElse("");
        if (failure.trim().equalsIgnoreCase("reject")) {
            throw ConfigException.bad(knobs.source(), p + "onDnsFailure", failure,
                    "a temporary DNS failure never gives a 5xx; use tempfail or accept");
        }
        return new CheckSettings(
                knobs.bool(p + "enabled", defaults.enabled),
                knobs.bool(p + "reject", defaults.reject),
                knobs.choice(p + "onDnsFailure", OnDnsFailure.class, defaults.onDnsFailure));
    }

    /**
     * For a check that makes no DNS lookup (lists, HELO syntax, size): only {@code <enabled>} and
     * {@code <reject>}. An {@code <onDnsFailure>} there would be read and never used, so it is refused
     * at start rather than silently ignored.
     */
    public static CheckSettings readWithoutDns(Knobs knobs, String prefix, CheckSettings defaults) {
        String p = prefix + ".onDnsFailure";
        // present(), not value(): asking would make the knob "known" to StrictSource
        if (knobs.source().present().contains(p)) {
            throw new ConfigException("mxpack: " + knobs.source().location() + " <" + prefix + "><onDnsFailure>: <"
                    + prefix + "> makes no DNS lookup, so <onDnsFailure> has no effect here: remove it");
        }
        return new CheckSettings(knobs.bool(prefix + ".enabled", defaults.enabled),
                knobs.bool(prefix + ".reject", defaults.reject), defaults.onDnsFailure);
    }

    public boolean enabled() {
        return enabled;
    }

    /** False: observe only (the refusal is logged and counted as SHADOW_..., mail is accepted). */
    public boolean reject() {
        return reject;
    }

    public OnDnsFailure onDnsFailure() {
        return onDnsFailure;
    }
}
