package org.mxpack.core.dkim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one DKIM-Signature header field: its result, a reason, and the tags a report
 * needs ({@code d=}, {@code s=}, {@code a=}, {@code i=}, {@code b=}). Tags the signature lacked (or
 * that could not be parsed) are empty strings.
 */
public final class DkimSignatureVerdict {
    private final DkimResult result;
    private final String reason;
    private final String domain;
    private final String selector;
    private final String algorithm;
    private final String identity;
    private final String signature;

    private DkimSignatureVerdict(DkimResult result, String reason, String domain, String selector,
            String algorithm, String identity, String signature) {
        this.result = Objects.requireNonNull(result);
        this.reason = reason == null ? "" : reason;
        this.domain = domain == null ? "" : domain;
        this.selector = selector == null ? "" : selector;
        this.algorithm = algorithm == null ? "" : algorithm;
        this.identity = identity == null ? "" : identity;
        this.signature = signature == null ? "" : signature;
    }

    /**
     * @param signature the {@code b=} value without white space (rendered shortened as {@code header.b})
     */
    public static DkimSignatureVerdict of(DkimResult result, String reason, String domain, String selector,
            String algorithm, String identity, String signature) {
        return new DkimSignatureVerdict(result, reason, domain, selector, algorithm, identity, signature);
    }

    /** The same signature with another result (used when local policy overrides a pass). */
    public DkimSignatureVerdict withResult(DkimResult value, String why) {
        return new DkimSignatureVerdict(value, why, domain, selector, algorithm, identity, signature);
    }

    public DkimResult result() {
        return result;
    }

    public String reason() {
        return reason;
    }

    /** {@code d=} as written (compare case-insensitively). */
    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    public String algorithm() {
        return algorithm;
    }

    /** {@code i=} (decoded), or the default {@code @d} when absent. */
    public String identity() {
        return identity;
    }

    /** The full {@code b=} value. */
    public String signature() {
        return signature;
    }

    public boolean isPass() {
        return result == DkimResult.PASS;
    }

    /** {@code d=} lower case without a trailing dot, for alignment checks. */
    public String normalizedDomain() {
        String d = domain.toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        m.put("reason", reason);
        m.put("d", domain);
        m.put("s", selector);
        m.put("a", algorithm);
        m.put("i", identity);
        m.put("b", signature);
        return m;
    }

    public static DkimSignatureVerdict fromMap(Map<String, ?> map) {
        return new DkimSignatureVerdict(DkimResult.fromKeyword(text(map, "result")), text(map, "reason"),
                text(map, "d"), text(map, "s"), text(map, "a"), text(map, "i"), text(map, "b"));
    }

    static String text(Map<String, ?> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v == null ? "" : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimSignatureVerdict)) {
            return false;
        }
        DkimSignatureVerdict v = (DkimSignatureVerdict) o;
        return result == v.result && reason.equals(v.reason) && domain.equals(v.domain)
                && selector.equals(v.selector) && algorithm.equals(v.algorithm) && identity.equals(v.identity)
                && signature.equals(v.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, reason, domain, selector, algorithm, identity, signature);
    }

    @Override
    public String toString() {
        return "dkim=" + result.keyword() + " d=" + domain + " s=" + selector + " a=" + algorithm
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
