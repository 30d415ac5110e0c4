package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dmarc.DmarcPolicy;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.iprev.IprevVerdict;
import org.mxpack.core.spam.SpamVerdict;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.core.verdict.Action;
import org.mxpack.core.verdict.AuthResult;
import org.mxpack.core.verdict.AuthenticationResultsHeader;
import org.mxpack.core.verdict.Decision;

/**
 * The typed verdicts of one accepted message, rebuilt from the maps the hooks record ({@code toMap()}
 * of each verdict, one per method name below) and completed by {@link MissingVerdicts}. A map that does
 * not parse counts as absent, so it is computed again rather than trusted half-read. Immutable.
 */
public final class MailVerdicts {
    public static final String IPREV = "iprev";
    public static final String SPF = "spf";
    public static final String SPF_HELO = "spf-helo";
    public static final String DKIM = "dkim";
    public static final String DMARC = "dmarc";
    public static final String SPAM = "spam";
    public static final String ARC = "arc";

    private final IprevVerdict iprev;
    private final SpfVerdict spf;
    private final SpfVerdict spfHelo;
    private final DkimVerdict dkim;
    private final DmarcVerdict dmarc;
    private final SpamVerdict spam;
    private final Decision dmarcDecision;
    private final ArcVerdict arc;

    private MailVerdicts(IprevVerdict iprev, SpfVerdict spf, SpfVerdict spfHelo, DkimVerdict dkim,
            DmarcVerdict dmarc, SpamVerdict spam, Decision dmarcDecision, ArcVerdict arc) {
        this.arc = arc;
        this.iprev = iprev;
        this.spf = spf;
        this.spfHelo = spfHelo;
        this.dkim = dkim;
        this.dmarc = dmarc;
        this.spam = spam;
        this.dmarcDecision = dmarcDecision;
    }

    public static MailVerdicts empty() {
        return new MailVerdicts(null, null, null, null, null, null, null, null);
    }

    /**
     * @param methods   method name ({@link #SPF}, {@link #DKIM} ...) to the recorded verdict map
     * @param decisions check name to the recorded {@link Decision#toMap()}
     */
    public static MailVerdicts read(Function<String, Optional<Map<String, Object>>> methods,
            Function<String, Optional<Map<String, Object>>> decisions) {
        return new MailVerdicts(parse(methods, IPREV, IprevVerdict::fromMap),
                parse(methods, SPF, SpfVerdict::fromMap), parse(methods, SPF_HELO, SpfVerdict::fromMap),
                parse(methods, DKIM, DkimVerdict::fromMap), parse(methods, DMARC, DmarcVerdict::fromMap),
                parse(methods, SPAM, SpamVerdict::fromMap), parse(decisions, DMARC, Decision::fromMap),
                parse(methods, ARC, ArcVerdict::fromMap));
    }

    private static <T> T parse(Function<String, Optional<Map<String, Object>>> lookup, String name,
            Function<Map<String, Object>, T> reader) {
        try {
            return lookup.apply(name).map(reader).orElse(null);
        } catch (RuntimeException e) {
            return null; // a map we did not write (or an older format): recompute
        }
    }

    public MailVerdicts withIprev(IprevVerdict v) {
        return new MailVerdicts(v, spf, spfHelo, dkim, dmarc, spam, dmarcDecision, arc);
    }

    public MailVerdicts withSpf(SpfVerdict v) {
        return new MailVerdicts(iprev, v, spfHelo, dkim, dmarc, spam, dmarcDecision, arc);
    }

    public MailVerdicts withSpfHelo(SpfVerdict v) {
        return new MailVerdicts(iprev, spf, v, dkim, dmarc, spam, dmarcDecision, arc);
    }

    public MailVerdicts withDkim(DkimVerdict v) {
        return new MailVerdicts(iprev, spf, spfHelo, v, dmarc, spam, dmarcDecision, arc);
    }

    public MailVerdicts withDmarc(DmarcVerdict v) {
        return new MailVerdicts(iprev, spf, spfHelo, dkim, v, spam, dmarcDecision, arc);
    }

    public MailVerdicts withSpam(SpamVerdict v) {
        return new MailVerdicts(iprev, spf, spfHelo, dkim, dmarc, v, dmarcDecision, arc);
    }

    public Optional<IprevVerdict> iprev() {
        return Optional.ofNullable(iprev);
    }

    /** SPF of the MAIL FROM identity (postmaster@HELO for the null sender). */
    public Optional<SpfVerdict> spf() {
        return Optional.ofNullable(spf);
    }

    /** SPF of the HELO identity. */
    public Optional<SpfVerdict> spfHelo() {
        return Optional.ofNullable(spfHelo);
    }

    public Optional<DkimVerdict> dkim() {
        return Optional.ofNullable(dkim);
    }

    public Optional<DmarcVerdict> dmarc() {
        return Optional.ofNullable(dmarc);
    }

    /** rspamd's verdict, recorded by the end-of-DATA hook (never computed after acceptance). */
    /** The ARC verdict recorded at end of DATA (when mxpack.xml enables ARC). */
    public Optional<ArcVerdict> arc() {
        return Optional.ofNullable(arc);
    }

    public Optional<SpamVerdict> spam() {
        return Optional.ofNullable(spam);
    }

    /** The DMARC decision the end-of-DATA hook took (e.g. result {@code quarantine}), if any. */
    public Optional<Decision> dmarcDecision() {
        return Optional.ofNullable(dmarcDecision);
    }

    /** The resinfos in header order: iprev, spf (mailfrom), spf (helo), each dkim signature, dmarc, arc. */
    public List<AuthResult> authResults() {
        List<AuthResult> out = new ArrayList<>();
        iprev().ifPresent(v -> out.add(v.toAuthResult()));
        spf().ifPresent(v -> out.add(v.toAuthResult()));
        spfHelo().ifPresent(v -> out.add(v.toAuthResult()));
        dkim().ifPresent(v -> out.addAll(v.toAuthResult()));
        dmarc().ifPresent(v -> out.add(overriddenReject(v)
                ? v.toAuthResult().withComment("accepted by local policy, RFC 7489 6.7") : v.toAuthResult()));
        arc().ifPresent(v -> out.add(v.toAuthResult()));
        return out;
    }

    /**
     * A DMARC {@code p=reject} failure the end-of-DATA stage accepted all the same (a trusted ARC
     * sealer's local policy): its decision kept result {@code fail} and accepted.
     */
    private boolean overriddenReject(DmarcVerdict v) {
        return v.disposition() == DmarcPolicy.REJECT && dmarcDecision != null && "fail".equals(dmarcDecision.result())
                && dmarcDecision.action() == Action.ACCEPT;
    }

    /** The one Authentication-Results header ({@code none} when no method ran). */
    public AuthenticationResultsHeader header(String authservId) {
        return AuthenticationResultsHeader.of(authservId, authResults());
    }

    /** {@code Received-SPF: ...} of the MAIL FROM check, else of the HELO check; empty without either. */
    public Optional<String> receivedSpf(String receiver) {
        Optional<SpfVerdict> v = spf().isPresent() ? spf() : spfHelo();
        return v.map(s -> s.receivedSpfHeader(receiver));
    }
}
