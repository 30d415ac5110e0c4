package org.mxpack.core.arc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.mxpack.core.verdict.AuthResult;

/**
 * The ARC verdict of one message: {@link ArcResult}, how many ARC sets it carries, the oldest-pass
 * instance, why, and what a local policy needs to trust the newest sealer: that sealer's domain ({@code d=}
 * of the ARC-Seal with the highest instance) and the ARC-Authentication-Results it wrote. Immutable;
 * {@link #toMap()} / {@link #fromMap(Map)} carry it as a JSON-friendly mail attribute.
 *
 * <p>{@link #oldestPass()} follows RFC 8617 §5.2 step 5 and the {@code header.oldest-pass} registration
 * (§10.1): when the chain passes, the lowest instance down to which every ARC-Message-Signature (from the
 * newest down) still validates, and {@code 0} when they all validate down to instance 1 (the message is
 * unchanged since the first sealer); empty when the chain did not pass (the algorithm never gets there).
 */
public final class ArcVerdict {
    private final ArcResult result;
    private final int instances;
    private final Integer oldestPass;
    private final String reason;
    private final String sealDomain;
    private final String authResults;
    private final boolean incomplete;

    private ArcVerdict(ArcResult result, int instances, Integer oldestPass, String reason, String sealDomain,
            String authResults, boolean incomplete) {
        this.result = Objects.requireNonNull(result);
        this.instances = Math.max(0, instances);
        this.oldestPass = result == ArcResult.PASS ? oldestPass : null;
        this.reason = reason == null ? "" : reason;
        this.sealDomain = sealDomain == null ? "" : sealDomain;
        this.authResults = authResults == null ? "" : authResults;
        this.incomplete = incomplete;
    }

    /** No ARC set at all. */
    public static ArcVerdict none() {
        return new ArcVerdict(ArcResult.NONE, 0, null, "no ARC sets", "", "", false);
    }

    /** A chain of {@code instances} sets that validated. */
    public static ArcVerdict pass(int instances, int oldestPass, String sealDomain, String authResults) {
        return new ArcVerdict(ArcResult.PASS, instances, oldestPass, "", sealDomain, authResults, false);
    }

    /** A chain that does not validate (broken, malformed, refused by policy), with the reason. */
    public static ArcVerdict fail(String reason, int instances, String sealDomain, String authResults) {
        return new ArcVerdict(ArcResult.FAIL, instances, null, reason, sealDomain, authResults, false);
    }

    /**
     * A chain mxpack could not validate for a reason of its own or of the moment (a key lookup failed
     * temporarily, the message was larger than it verifies, unreadable): {@code fail}, {@link #incomplete()}.
     */
    public static ArcVerdict unverifiable(String reason, int instances, String sealDomain, String authResults) {
        return new ArcVerdict(ArcResult.FAIL, instances, null, reason, sealDomain, authResults, true);
    }

    public ArcResult result() {
        return result;
    }

    public boolean isPass() {
        return result == ArcResult.PASS;
    }

    /** The highest instance number found (the number of sets of a well-formed chain); 0 for none. */
    public int instances() {
        return instances;
    }

    /** See the class comment: present only when the chain passed; 0 = every AMS validated. */
    public OptionalInt oldestPass() {
        return oldestPass == null ? OptionalInt.empty() : OptionalInt.of(oldestPass);
    }

    /** Why the chain failed (or "no ARC sets"); empty on pass. */
    public String reason() {
        return reason;
    }

    /** {@code d=} of the newest ARC-Seal (lower case), empty when there is none or it is unreadable. */
    public String sealDomain() {
        return sealDomain;
    }

    /**
     * The newest ARC-Authentication-Results after its {@code i=N;}, unfolded (authserv-id; results), as
     * written by the newest sealer; empty when absent. Meaningful only on a passing chain: that sealer's
     * view of SPF, DKIM and DMARC for a local "trusted sealer" policy.
     */
    public String authResults() {
        return authResults;
    }

    /**
     * The result the newest sealer recorded for {@code method} (e.g. {@code "dmarc"}, {@code "spf"}) in its
     * ARC-Authentication-Results, lower case; empty when it recorded none or the chain did not pass (an
     * unvalidated AAR proves nothing). The first such result counts; {@code dkim} may have several: see
     * {@link #newestSealerResults(String)}.
     */
    public Optional<String> newestSealerResult(String method) {
        List<String> all = newestSealerResults(method);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every result the newest sealer recorded for {@code method}, in order; empty unless the chain passed. */
    public List<String> newestSealerResults(String method) {
        if (result != ArcResult.PASS || authResults.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> parts = ArcChain.splitResinfos(authResults);
        for (int i = 1; i < parts.size(); i++) { // parts[0] is the authserv-id
            String r = parts.get(i);
            int eq = r.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String m = r.substring(0, eq).trim();
            int slash = m.indexOf('/');
            m = slash < 0 ? m : m.substring(0, slash).trim();
            if (!m.equalsIgnoreCase(method)) {
                continue;
            }
            String value = r.substring(eq + 1).trim();
            int end = 0;
            while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '-')) {
                end++;
            }
            if (end > 0) {
                out.add(value.substring(0, end).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The failure may be ours or temporary (DNS, size limits, I/O), not evidence against the chain. */
    public boolean incomplete() {
        return incomplete;
    }

    /** {@code arc=RESULT (reason)} with {@code header.oldest-pass} when the chain passed. */
    public AuthResult toAuthResult() {
        AuthResult a = AuthResult.of("arc", result.keyword());
        if (result == ArcResult.FAIL) {
            a = a.withReason(reason);
        }
        if (oldestPass != null) {
            a = a.withProperty("header", "oldest-pass", Integer.toString(oldestPass));
        }
        return a;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        m.put("instances", (long) instances);
        if (oldestPass != null) {
            m.put("oldestPass", (long) oldestPass);
        }
        m.put("reason", reason);
        m.put("sealDomain", sealDomain);
        m.put("authResults", authResults);
        if (incomplete) {
            m.put("incomplete", true);
        }
        return m;
    }

    /** The verdict {@link #toMap()} wrote; missing or odd values read as a verdict that never passes. */
    public static ArcVerdict fromMap(Map<String, ?> map) {
        if (map == null) {
            return none();
        }
        ArcResult result = ArcResult.fromKeyword(text(map, "result"));
        Object n = map.get("instances");
        Object op = map.get("oldestPass");
        Integer oldest = op instanceof Number ? Integer.valueOf(((Number) op).intValue()) : null;
        if (oldest == null && result == ArcResult.PASS) {
            oldest = 0;
        }
        return new ArcVerdict(result, n instanceof Number ? ((Number) n).intValue() : 0, oldest,
                text(map, "reason"), text(map, "sealDomain"), text(map, "authResults"),
                Boolean.TRUE.equals(map.get("incomplete")));
    }

    private static String text(Map<String, ?> map, String key) {
        Object v = map.get(key);
        return v instanceof String ? (String) v : "";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcVerdict)) {
            return false;
        }
        ArcVerdict v = (ArcVerdict) o;
        return result == v.result && instances == v.instances && Objects.equals(oldestPass, v.oldestPass)
                && reason.equals(v.reason) && sealDomain.equals(v.sealDomain) && authResults.equals(v.authResults)
                && incomplete == v.incomplete;
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, instances, oldestPass, reason, sealDomain, authResults, incomplete);
    }

    @Override
    public String toString() {
        return "arc=" + result.keyword() + " instances=" + instances
                + (oldestPass == null ? "" : " oldest-pass=" + oldestPass)
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
