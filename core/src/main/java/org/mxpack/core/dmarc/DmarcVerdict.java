package org.mxpack.core.dmarc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mxpack.core.verdict.AuthResult;

/**
 * The outcome of DMARC evaluation for one message. Immutable.
 *
 * <p>{@link #policy()} is the policy the domain owner asks for ({@code p=}, or {@code sp=} when the
 * organizational domain's record applies to a subdomain author); {@link #disposition()} is what to do
 * with this message: the policy for a failing message that fell into the {@code pct} sample, the
 * next-lower policy when it did not, {@link DmarcPolicy#NONE} for anything but a fail. Without a
 * usable record (none / temperror / permerror) the policy is NONE and the policy domain is the
 * header-from domain.
 */
public final class DmarcVerdict {
    private final DmarcResult result;
    private final DmarcPolicy policy;
    private final DmarcPolicy disposition;
    private final String headerFrom;
    private final String policyDomain;
    private final String orgDomain;
    private final DmarcAlignment alignment;
    private final String spfDomain;
    private final String dkimDomain;
    private final DmarcRecord record;
    private final String reason;

    private DmarcVerdict(DmarcResult result, DmarcPolicy policy, DmarcPolicy disposition, String headerFrom,
            String policyDomain, String orgDomain, DmarcAlignment alignment, String spfDomain,
            String dkimDomain, DmarcRecord record, String reason) {
        this.result = Objects.requireNonNull(result);
        this.policy = Objects.requireNonNull(policy);
        this.disposition = Objects.requireNonNull(disposition);
        this.headerFrom = nz(headerFrom);
        this.policyDomain = nz(policyDomain);
        this.orgDomain = nz(orgDomain);
        this.alignment = Objects.requireNonNull(alignment);
        this.spfDomain = nz(spfDomain);
        this.dkimDomain = nz(dkimDomain);
        this.record = record;
        this.reason = nz(reason);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** No DMARC processing: no record, several records, or one without a usable policy. */
    public static DmarcVerdict none(String headerFrom, String orgDomain, String reason) {
        return new DmarcVerdict(DmarcResult.NONE, DmarcPolicy.NONE, DmarcPolicy.NONE, headerFrom, headerFrom,
                orgDomain, DmarcAlignment.NONE, "", "", null, reason);
    }

    public static DmarcVerdict temperror(String headerFrom, String orgDomain, String reason) {
        return new DmarcVerdict(DmarcResult.TEMPERROR, DmarcPolicy.NONE, DmarcPolicy.NONE, headerFrom, headerFrom,
                orgDomain, DmarcAlignment.NONE, "", "", null, reason);
    }

    public static DmarcVerdict permerror(String headerFrom, String orgDomain, String reason) {
        return new DmarcVerdict(DmarcResult.PERMERROR, DmarcPolicy.NONE, DmarcPolicy.NONE, headerFrom, headerFrom,
                orgDomain, DmarcAlignment.NONE, "", "", null, reason);
    }

    /**
     * A record applied. {@code spfDomain}/{@code dkimDomain}: the aligned passing identifier, or empty;
     * the result is PASS when either is set.
     */
    public static DmarcVerdict evaluated(String headerFrom, String policyDomain, String orgDomain,
            DmarcRecord record, String spfDomain, String dkimDomain, boolean sampled) {
        boolean spf = spfDomain != null && !spfDomain.isEmpty();
        boolean dkim = dkimDomain != null && !dkimDomain.isEmpty();
        DmarcResult result = spf || dkim ? DmarcResult.PASS : DmarcResult.FAIL;
        DmarcPolicy policy = headerFrom.equals(policyDomain) ? record.policy() : record.subdomainPolicy();
        DmarcPolicy disposition = result == DmarcResult.FAIL ? (sampled ? policy : policy.nextLower())
                : DmarcPolicy.NONE;
        String reason = result == DmarcResult.PASS ? "aligned " + DmarcAlignment.of(spf, dkim).keyword()
                : "no aligned passing SPF or DKIM identifier";
        return new DmarcVerdict(result, policy, disposition, headerFrom, policyDomain, orgDomain,
                DmarcAlignment.of(spf, dkim), spfDomain, dkimDomain, record, reason);
    }

    public DmarcResult result() {
        return result;
    }

    /** {@code p=} or {@code sp=} of the record that applied; NONE without one. */
    public DmarcPolicy policy() {
        return policy;
    }

    /** What to apply to this message: {@link #policy()} after {@code pct}; NONE unless the result is FAIL. */
    public DmarcPolicy disposition() {
        return disposition;
    }

    /** The RFC 5322.From domain evaluated. */
    public String headerFrom() {
        return headerFrom;
    }

    /** The domain whose {@code _dmarc} record applied (the header-from domain when none did). */
    public String policyDomain() {
        return policyDomain;
    }

    /** The organizational domain of the header-from domain. */
    public String orgDomain() {
        return orgDomain;
    }

    public DmarcAlignment alignment() {
        return alignment;
    }

    /** The passing SPF domain that aligned, or empty. */
    public String spfDomain() {
        return spfDomain;
    }

    /** The passing DKIM {@code d=} that aligned, or empty. */
    public String dkimDomain() {
        return dkimDomain;
    }

    /** The record that applied. */
    public Optional<DmarcRecord> record() {
        return Optional.ofNullable(record);
    }

    /** Human-readable explanation, for comments and logs. */
    public String reason() {
        return reason;
    }

    /**
     * {@code dmarc=<result> header.from=<domain>}, plus {@code policy.dmarc=<p or sp>} when a record applied,
     * with {@code p= sp= dis=} as the reason (as RFC 7489 §11.2 suggests) or the cause otherwise.
     */
    public AuthResult toAuthResult() {
        AuthResult ar = AuthResult.of("dmarc", result.keyword());
        if (record != null) {
            ar = ar.withReason("p=" + record.policy().keyword() + " sp=" + record.subdomainPolicy().keyword()
                    + " dis=" + disposition.keyword());
        } else if (!reason.isEmpty()) {
            ar = ar.withReason(reason);
        }
        ar = ar.withProperty("header", "from", headerFrom.isEmpty() ? "unknown" : headerFrom);
        if (record != null) {
            ar = ar.withProperty("policy", "dmarc", policy.keyword());
        }
        return ar;
    }

    /** JSON-friendly form (Strings only) for a mail attribute. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.keyword());
        m.put("policy", policy.keyword());
        m.put("disposition", disposition.keyword());
        m.put("header_from", headerFrom);
        m.put("policy_domain", policyDomain);
        m.put("org_domain", orgDomain);
        m.put("alignment", alignment.keyword());
        m.put("spf_domain", spfDomain);
        m.put("dkim_domain", dkimDomain);
        m.put("record", record == null ? "" : record.text());
        m.put("reason", reason);
        return m;
    }

    /** Inverse of {@link #toMap()}; throws IllegalArgumentException on a map it did not write. */
    public static DmarcVerdict fromMap(Map<String, ?> m) {
        String recordText = str(m, "record");
        DmarcRecord rec = recordText.isEmpty() ? null : DmarcRecord.parse(recordText).orElse(null);
        return new DmarcVerdict(DmarcResult.fromKeyword(str(m, "result")), policy(m, "policy"),
                policy(m, "disposition"), str(m, "header_from"), str(m, "policy_domain"), str(m, "org_domain"),
                DmarcAlignment.valueOf(str(m, "alignment").toUpperCase(Locale.ROOT)), str(m, "spf_domain"),
                str(m, "dkim_domain"), rec, str(m, "reason"));
    }

    private static String str(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static DmarcPolicy policy(Map<String, ?> m, String key) {
        return DmarcPolicy.parse(str(m, key))
                .orElseThrow(() -> new IllegalArgumentException("bad " + key + " '" + m.get(key) + "'"));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DmarcVerdict)) {
            return false;
        }
        DmarcVerdict v = (DmarcVerdict) o;
        return result == v.result && policy == v.policy && disposition == v.disposition
                && headerFrom.equals(v.headerFrom) && policyDomain.equals(v.policyDomain)
                && orgDomain.equals(v.orgDomain) && alignment == v.alignment && spfDomain.equals(v.spfDomain)
                && dkimDomain.equals(v.dkimDomain) && Objects.equals(record, v.record) && reason.equals(v.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, policy, disposition, headerFrom, policyDomain, orgDomain, alignment, reason);
    }

    @Override
    public String toString() {
        return "dmarc=" + result.keyword() + " policy=" + policy.keyword() + " dis=" + disposition.keyword()
                + " from=" + headerFrom + " policy_domain=" + policyDomain + " (" + reason + ")";
    }
}
