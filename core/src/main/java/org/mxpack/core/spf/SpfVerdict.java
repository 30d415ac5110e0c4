package org.mxpack.core.spf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.mxpack.core.verdict.AuthResult;

/**
 * The outcome of one SPF check: result, what was checked, and why. Immutable; renders itself as an
 * RFC 8601 resinfo ({@link #toAuthResult()}), as an RFC 7208 §9.1 {@code Received-SPF} header
 * ({@link #receivedSpfHeader(String)}) and as a JSON-friendly map for James mail attributes.
 */
public final class SpfVerdict {
    private final SpfResult result;
    private final SpfIdentity identity;
    private final String domain;
    private final String clientIp;
    private final String helo;
    private final String envelopeFrom;
    private final String mechanism;
    private final String explanation;
    private final String problem;

    private SpfVerdict(SpfResult result, SpfIdentity identity, String domain, String clientIp, String helo,
                       String envelopeFrom, String mechanism, String explanation, String problem) {
        this.result = Objects.requireNonNull(result);
        this.identity = Objects.requireNonNull(identity);
        this.domain = nn(domain);
        this.clientIp = nn(clientIp);
        this.helo = nn(helo);
        this.envelopeFrom = nn(envelopeFrom);
        this.mechanism = nn(mechanism);
        this.explanation = nn(explanation);
        this.problem = nn(problem);
    }

    /**
     * @param envelopeFrom the MAIL FROM address as given ({@code ""} for the null sender or a HELO check)
     * @param mechanism    the deciding mechanism ({@code "ip4:192.0.2.0/24"}, {@code "default"}), or ""
     * @param explanation  for fail: the exp= text or the default explanation; else ""
     * @param problem      for permerror/temperror: what went wrong; else ""
     */
    public static SpfVerdict of(SpfResult result, SpfIdentity identity, String domain, String clientIp, String helo,
                                String envelopeFrom, String mechanism, String explanation, String problem) {
        return new SpfVerdict(result, identity, domain, clientIp, helo, envelopeFrom, mechanism, explanation,
                problem);
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    public SpfResult result() {
        return result;
    }

    public SpfIdentity identity() {
        return identity;
    }

    /** The domain whose policy was evaluated (MAIL FROM domain, or the HELO name). */
    public String domain() {
        return domain;
    }

    public String clientIp() {
        return clientIp;
    }

    public String helo() {
        return helo;
    }

    /** MAIL FROM as given; "" for the null sender and for HELO checks. */
    public String envelopeFrom() {
        return envelopeFrom;
    }

    /** The identity checked as a mailbox: the MAIL FROM, or {@code postmaster@<helo>} (RFC 7208 §2.3, §2.4). */
    public String sender() {
        if (identity == SpfIdentity.MAILFROM && !envelopeFrom.isEmpty()) {
            int at = envelopeFrom.lastIndexOf('@');
            if (at < 0) {
                return "postmaster@" + envelopeFrom;
            }
            return at == 0 ? "postmaster" + envelopeFrom : envelopeFrom;
        }
        return "postmaster@" + helo;
    }

    public String mechanism() {
        return mechanism;
    }

    public String explanation() {
        return explanation;
    }

    public String problem() {
        return problem;
    }

    /** RFC 8601 {@code spf} resinfo with {@code smtp.mailfrom} or {@code smtp.helo}. */
    public AuthResult toAuthResult() {
        AuthResult ar = AuthResult.of("spf", result.keyword()).withReason(ReceivedSpfHeader.comment(this));
        if (identity == SpfIdentity.HELO) {
            return ar.withProperty("smtp", "helo", helo);
        }
        // RFC 8601 §2.7.2: the address checked; the local-part only where it needs no quoting.
        String s = sender();
        int at = s.lastIndexOf('@');
        String value = ReceivedSpfHeader.isDotAtom(s.substring(0, at)) ? s : s.substring(at + 1);
        return ar.withProperty("smtp", "mailfrom", value);
    }

    /** The whole header line (no CRLF, not folded): {@code Received-SPF: pass (...) client-ip=...; ...}. */
    public String receivedSpfHeader(String receiver) {
        return ReceivedSpfHeader.render(this, receiver);
    }

    /**
     * True when a Received-SPF header value names {@code receiver} in its {@code receiver=} pair
     * (case-insensitive, folding ignored): written by us earlier, or forged in our name. The mailet
     * deletes such headers before writing its own, so a message carries one of ours.
     */
    public static boolean claimsReceiver(String headerValue, String receiver) {
        if (headerValue == null || receiver == null || receiver.isEmpty()) {
            return false;
        }
        String v = headerValue.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
        String r = receiver.toLowerCase(java.util.Locale.ROOT);
        return v.matches(".*[ ;)]receiver=(\"?)" + java.util.regex.Pattern.quote(r) + "\\.?\\1( *;.*| *)$");
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        m.put("identity", identity.keyword());
        m.put("domain", domain);
        m.put("client_ip", clientIp);
        m.put("helo", helo);
        m.put("envelope_from", envelopeFrom);
        m.put("mechanism", mechanism);
        m.put("explanation", explanation);
        m.put("problem", problem);
        return m;
    }

    /** Inverse of {@link #toMap()}; throws IllegalArgumentException for a map that is not one. */
    public static SpfVerdict fromMap(Map<String, ?> map) {
        Object r = map.get("result");
        Object i = map.get("identity");
        if (!(r instanceof String) || !(i instanceof String)) {
            throw new IllegalArgumentException("not an SPF verdict map: " + map);
        }
        return new SpfVerdict(SpfResult.fromKeyword((String) r),
                SpfIdentity.valueOf(((String) i).toUpperCase(java.util.Locale.ROOT)),
                str(map, "domain"), str(map, "client_ip"), str(map, "helo"), str(map, "envelope_from"),
                str(map, "mechanism"), str(map, "explanation"), str(map, "problem"));
    }

    private static String str(Map<String, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? "" : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfVerdict)) {
            return false;
        }
        SpfVerdict v = (SpfVerdict) o;
        return result == v.result && identity == v.identity && domain.equals(v.domain)
                && clientIp.equals(v.clientIp) && helo.equals(v.helo) && envelopeFrom.equals(v.envelopeFrom)
                && mechanism.equals(v.mechanism) && explanation.equals(v.explanation) && problem.equals(v.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, identity, domain, clientIp, helo, envelopeFrom, mechanism, explanation, problem);
    }

    @Override
    public String toString() {
        return "spf=" + result.keyword() + " " + identity.keyword() + "=" + domain + " ip=" + clientIp
                + (mechanism.isEmpty() ? "" : " mechanism=" + mechanism)
                + (problem.isEmpty() ? "" : " problem=" + problem);
    }
}
