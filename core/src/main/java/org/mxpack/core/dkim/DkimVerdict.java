package org.mxpack.core.dkim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.mxpack.core.verdict.AuthResult;

/**
 * DKIM verdict of a whole message: one {@link DkimSignatureVerdict} per verified signature, and an
 * overall result that is the best of them in {@link DkimResult}'s order (pass &gt; policy &gt; fail &gt;
 * temperror &gt; permerror &gt; neutral &gt; none); {@code none} when the message has no DKIM-Signature,
 * {@code neutral} with a reason when the message could not be processed at all (size limits).
 */
public final class DkimVerdict {
    /** RFC 6008 §2: {@code header.b} carries at least 8 characters of {@code b=}. */
    private static final int MIN_HEADER_B = 8;

    private final DkimResult result;
    private final String reason;
    private final List<DkimSignatureVerdict> signatures;
    private final long skipped;
    private final boolean incomplete;

    private DkimVerdict(DkimResult result, String reason, List<DkimSignatureVerdict> signatures, long skipped,
            boolean incomplete) {
        this.result = Objects.requireNonNull(result);
        this.reason = reason == null ? "" : reason;
        this.signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
        this.skipped = skipped;
        this.incomplete = incomplete || skipped > 0;
    }

    /** No DKIM-Signature header field. */
    public static DkimVerdict none() {
        return new DkimVerdict(DkimResult.NONE, "no signature", List.of(), 0, false);
    }

    /**
     * mxpack could not verify the message because of its own limits (header section or body larger than
     * it verifies): {@code policy} (RFC 8601 §2.7.1: not acceptable to this ADMD), {@link #incomplete()}.
     */
    public static DkimVerdict overLimit(String reason) {
        return new DkimVerdict(DkimResult.POLICY, reason, List.of(), 0, true);
    }

    /**
     * mxpack could not verify the message for a reason of its own (the message could not be read, an
     * internal error, no time left): {@code temperror}, {@link #incomplete()}.
     */
    public static DkimVerdict unverifiable(String reason) {
        return new DkimVerdict(DkimResult.TEMPERROR, reason, List.of(), 0, true);
    }

    /**
     * @param skipped signatures present but not verified because of the policy's maximum
     */
    public static DkimVerdict of(List<DkimSignatureVerdict> signatures, long skipped) {
        if (signatures.isEmpty()) {
            return skipped > 0 ? new DkimVerdict(DkimResult.POLICY, skipped + " signatures not verified (limit)",
                    List.of(), skipped, true) : none();
        }
        DkimSignatureVerdict best = signatures.get(0);
        for (DkimSignatureVerdict s : signatures) {
            if (s.result().isBetterThan(best.result())) {
                best = s;
            }
        }
        return new DkimVerdict(best.result(), best.reason(), signatures, skipped, false);
    }

    /**
     * Some signature was not verified because of mxpack's own limits or faults (too many signatures, a
     * message too large, unreadable, out of time): a missing pass may be ours, not the sender's, so a
     * requirement or DMARC that fails for want of DKIM is temporary, never a 5xx.
     */
    public boolean incomplete() {
        return incomplete;
    }

    public DkimResult result() {
        return result;
    }

    /** The reason of the best signature, or why there is none. */
    public String reason() {
        return reason;
    }

    public List<DkimSignatureVerdict> signatures() {
        return signatures;
    }

    /** Signatures present beyond {@link DkimPolicy#maxSignatures()}, not verified. */
    public long skipped() {
        return skipped;
    }

    /** The distinct {@code d=} (lower case) of the passing signatures, for DMARC. */
    public List<String> passingDomains() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (DkimSignatureVerdict s : signatures) {
            if (s.isPass()) {
                out.add(s.normalizedDomain());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The signatures whose {@code d=} aligns with {@code authorDomain}: strict = the same domain;
     * relaxed = {@code d=} and the author domain share {@code organizationalDomain} (the caller computes it
     * from the Public Suffix List, as DMARC does). Pass {@code null} for a strict-only match.
     */
    public List<DkimSignatureVerdict> alignedWith(String authorDomain, String organizationalDomain) {
        String author = normalize(authorDomain);
        String org = organizationalDomain == null ? null : normalize(organizationalDomain);
        List<DkimSignatureVerdict> out = new ArrayList<>();
        for (DkimSignatureVerdict s : signatures) {
            String d = s.normalizedDomain();
            if (d.isEmpty()) {
                continue;
            }
            boolean strict = d.equals(author);
            boolean relaxed = org != null && (d.equals(org) || d.endsWith("." + org))
                    && (author.equals(org) || author.endsWith("." + org));
            if (strict || relaxed) {
                out.add(s);
            }
        }
        return out;
    }

    private static String normalize(String domain) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** One {@code dkim} resinfo per signature; a single {@code dkim=none}/{@code neutral} when there is none. */
    public List<AuthResult> toAuthResult() {
        if (signatures.isEmpty()) {
            return List.of(AuthResult.of("dkim", result.keyword()).withReason(reason));
        }
        List<AuthResult> out = new ArrayList<>();
        for (DkimSignatureVerdict s : signatures) {
            AuthResult a = AuthResult.of("dkim", s.result().keyword()).withReason(s.reason());
            if (!s.domain().isEmpty()) {
                a = a.withProperty("header", "d", s.domain());
            }
            if (!s.identity().isEmpty()) {
                a = a.withProperty("header", "i", s.identity());
            }
            if (!s.selector().isEmpty()) {
                a = a.withProperty("header", "s", s.selector());
            }
            if (!s.algorithm().isEmpty()) {
                a = a.withProperty("header", "a", s.algorithm());
            }
            if (!s.signature().isEmpty()) {
                a = a.withProperty("header", "b", shortB(s.signature()));
            }
            out.add(a);
        }
        return out;
    }

    /** The shortest prefix (at least 8 characters) that tells this {@code b=} apart from the others (RFC 6008). */
    private String shortB(String b) {
        int len = Math.min(b.length(), MIN_HEADER_B);
        for (DkimSignatureVerdict other : signatures) {
            String o = other.signature();
            if (o.equals(b)) {
                continue;
            }
            int common = 0;
            while (common < o.length() && common < b.length() && o.charAt(common) == b.charAt(common)) {
                common++;
            }
            len = Math.max(len, Math.min(b.length(), common + 1));
        }
        return b.substring(0, len);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        m.put("reason", reason);
        List<Object> list = new ArrayList<>();
        for (DkimSignatureVerdict s : signatures) {
            list.add(s.toMap());
        }
        m.put("signatures", list);
        m.put("skipped", skipped);
        if (incomplete) {
            m.put("incomplete", true);
        }
        return m;
    }

    public static DkimVerdict fromMap(Map<String, ?> map) {
        List<DkimSignatureVerdict> sigs = new ArrayList<>();
        Object list = map == null ? null : map.get("signatures");
        if (list instanceof List) {
            for (Object o : (List<?>) list) {
                if (o instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> sm = (Map<String, ?>) o;
                    sigs.add(DkimSignatureVerdict.fromMap(sm));
                }
            }
        }
        Object sk = map == null ? null : map.get("skipped");
        long skipped = sk instanceof Number ? ((Number) sk).longValue() : 0;
        boolean incomplete = map != null && Boolean.TRUE.equals(map.get("incomplete"));
        return new DkimVerdict(DkimResult.fromKeyword(DkimSignatureVerdict.text(map, "result")),
                DkimSignatureVerdict.text(map, "reason"), sigs, skipped, incomplete);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimVerdict)) {
            return false;
        }
        DkimVerdict v = (DkimVerdict) o;
        return result == v.result && reason.equals(v.reason) && signatures.equals(v.signatures)
                && skipped == v.skipped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, reason, signatures, skipped);
    }

    @Override
    public String toString() {
        return "dkim=" + result.keyword() + (reason.isEmpty() ? "" : " (" + reason + ")") + " " + signatures;
    }
}
