package org.mxpack.core.srs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link Srs#forward} or {@link Srs#reverse}: the address to use and what happened.
 * On failure {@link #address()} is the input unchanged, so a caller that ignores the error still
 * leaves foreign addresses untouched.
 */
public final class SrsResult {
    private final SrsOutcome outcome;
    private final String input;
    private final String address;
    private final SrsError error;
    private final String reason;

    private SrsResult(SrsOutcome outcome, String input, String address, SrsError error, String reason) {
        this.outcome = Objects.requireNonNull(outcome);
        this.input = input == null ? "" : input;
        this.address = address == null ? "" : address;
        this.error = error;
        this.reason = reason == null ? "" : reason;
    }

    public static SrsResult forwarded(String input, String address) {
        return new SrsResult(SrsOutcome.FORWARDED, input, address, null, "");
    }

    public static SrsResult unchanged(String input, String reason) {
        return new SrsResult(SrsOutcome.UNCHANGED, input, input, null, reason);
    }

    public static SrsResult reversed(String input, String address) {
        return new SrsResult(SrsOutcome.REVERSED, input, address, null, "");
    }

    public static SrsResult failed(String input, SrsError error, String reason) {
        return new SrsResult(SrsOutcome.FAILED, input, input, Objects.requireNonNull(error), reason);
    }

    public SrsOutcome outcome() {
        return outcome;
    }

    /** True unless the outcome is {@link SrsOutcome#FAILED}. */
    public boolean ok() {
        return outcome != SrsOutcome.FAILED;
    }

    /** True when {@link #address()} differs from the input because we rewrote it. */
    public boolean rewritten() {
        return outcome == SrsOutcome.FORWARDED || outcome == SrsOutcome.REVERSED;
    }

    /** The address as given to forward or reverse. */
    public String input() {
        return input;
    }

    /** The address to use: rewritten, or the input where nothing was rewritten. */
    public String address() {
        return address;
    }

    public Optional<SrsError> error() {
        return Optional.ofNullable(error);
    }

    /** Why it failed or was left unchanged; "" otherwise. */
    public String reason() {
        return reason;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", outcome.keyword());
        m.put("input", input);
        m.put("address", address);
        if (error != null) {
            m.put("error", error.keyword());
            m.put("error_class", error.errorClass().keyword());
        }
        m.put("reason", reason);
        return m;
    }

    /** Inverse of {@link #toMap()}; throws IllegalArgumentException for a map that is not one. */
    public static SrsResult fromMap(Map<String, ?> map) {
        Object o = map.get("outcome");
        if (!(o instanceof String)) {
            throw new IllegalArgumentException("not an SRS result map: " + map);
        }
        SrsOutcome outcome = SrsOutcome.fromKeyword((String) o);
        Object e = map.get("error");
        SrsError error = e instanceof String ? SrsError.fromKeyword((String) e) : null;
        if ((outcome == SrsOutcome.FAILED) != (error != null)) {
            throw new IllegalArgumentException("SRS result map with outcome " + o + " and error " + e);
        }
        return new SrsResult(outcome, str(map, "input"), str(map, "address"), error, str(map, "reason"));
    }

    private static String str(Map<String, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? "" : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SrsResult)) {
            return false;
        }
        SrsResult r = (SrsResult) o;
        return outcome == r.outcome && input.equals(r.input) && address.equals(r.address) && error == r.error
                && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, input, address, error, reason);
    }

    @Override
    public String toString() {
        return outcome.keyword() + " " + address + (error == null ? "" : " " + error.keyword())
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
