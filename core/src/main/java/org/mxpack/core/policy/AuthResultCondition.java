package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dmarc.DmarcPolicy;
import org.mxpack.core.dmarc.DmarcResult;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dmarc.DomainNames;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;

/**
 * A condition on an authentication verdict, {@code METHOD:RESULT[|RESULT...][:DOMAIN]}, as the
 * {@code IsAuthResult} matcher takes it:
 * <ul>
 * <li>{@code spf:fail}, {@code spf-helo:fail|softfail}, {@code iprev:fail|permerror} — the method's result
 *     (RFC 8601 keywords); DOMAIN compares with the domain checked (iprev: the confirmed name);</li>
 * <li>{@code dkim:pass} — the message's DKIM result (the best of its signatures); {@code dkim:pass:example.com}
 *     — some signature with {@code d=example.com} has that result;</li>
 * <li>{@code dmarc:fail} — the DMARC result; {@code dmarc:quarantine} / {@code dmarc:reject} — the disposition
 *     to apply (after {@code pct}), or the end-of-DATA decision that chose it; DOMAIN compares with the
 *     From domain.</li>
 * </ul>
 * A verdict that is absent never matches. Parsing errors are {@link IllegalArgumentException}s that
 * say what is wrong.
 */
public final class AuthResultCondition {
    private final String text;
    private final Predicate<MailVerdicts> test;

    private AuthResultCondition(String text, Predicate<MailVerdicts> test) {
        this.text = text;
        this.test = test;
    }

    public static AuthResultCondition parse(String condition) {
        String c = condition == null ? "" : condition.trim();
        String[] parts = c.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[1].trim().isEmpty()) {
            throw new IllegalArgumentException("expected METHOD:RESULT[|RESULT...][:DOMAIN], got '" + c + "'");
        }
        String method = parts[0].trim().toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (String v : parts[1].split("\\|", -1)) {
            values.add(v.trim().toLowerCase(Locale.ROOT));
        }
        String domain = parts.length == 3 ? DomainNames.normalize(parts[2]) : null;
        if (domain != null && domain.isEmpty()) {
            throw new IllegalArgumentException("empty DOMAIN in '" + c + "'");
        }
        return new AuthResultCondition(c, build(method, values, domain));
    }

    public boolean matches(MailVerdicts verdicts) {
        return test.test(verdicts);
    }

    private static Predicate<MailVerdicts> build(String method, List<String> values, String domain) {
        switch (method) {
            case MailVerdicts.SPF: {
                Set<SpfResult> rs = keywords(SpfResult.class, values, method);
                return v -> v.spf().filter(s -> spfMatches(s, rs, domain)).isPresent();
            }
            case MailVerdicts.SPF_HELO: {
                Set<SpfResult> rs = keywords(SpfResult.class, values, method);
                return v -> v.spfHelo().filter(s -> spfMatches(s, rs, domain)).isPresent();
            }
            case MailVerdicts.IPREV: {
                Set<IprevResult> rs = keywords(IprevResult.class, values, method);
                return v -> v.iprev().filter(i -> rs.contains(i.result()) && same(domain, i.name())).isPresent();
            }
            case MailVerdicts.DKIM: {
                Set<DkimResult> rs = keywords(DkimResult.class, values, method);
                if (domain == null) {
                    return v -> v.dkim().filter(d -> rs.contains(d.result())).isPresent();
                }
                return v -> v.dkim().map(d -> d.signatures().stream().anyMatch(
                        (DkimSignatureVerdict s) -> rs.contains(s.result()) && domain.equals(s.normalizedDomain())))
                        .orElse(false);
            }
            case MailVerdicts.DMARC:
                return dmarc(values, domain);
            default:
                throw new IllegalArgumentException("unknown method '" + method + "': expected one of "
                        + String.join(", ", MailVerdicts.IPREV, MailVerdicts.SPF, MailVerdicts.SPF_HELO,
                        MailVerdicts.DKIM, MailVerdicts.DMARC));
        }
    }

    private static Predicate<MailVerdicts> dmarc(List<String> values, String domain) {
        Set<DmarcResult> results = EnumSet.noneOf(DmarcResult.class);
        Set<DmarcPolicy> dispositions = EnumSet.noneOf(DmarcPolicy.class);
        List<String> results0 = new ArrayList<>();
        for (String v : values) {
            DmarcPolicy p = DmarcPolicy.parse(v).orElse(null);
            if (p == DmarcPolicy.QUARANTINE || p == DmarcPolicy.REJECT) {
                dispositions.add(p);
            } else {
                results0.add(v);
            }
        }
        if (!results0.isEmpty()) {
            results.addAll(keywords(DmarcResult.class, results0, "dmarc", "quarantine", "reject"));
        }
        return v -> {
            DmarcVerdict d = v.dmarc().orElse(null);
            if (d != null && !same(domain, d.headerFrom())) {
                return false;
            }
            if (d != null && (results.contains(d.result()) || dispositions.contains(d.disposition()))) {
                return true;
            }
            // The end-of-DATA hook may have decided the disposition itself (e.g. reject turned to quarantine).
            return domain == null && v.dmarcDecision()
                    .flatMap(x -> DmarcPolicy.parse(x.result())).filter(dispositions::contains).isPresent();
        };
    }

    private static boolean spfMatches(SpfVerdict s, Set<SpfResult> rs, String domain) {
        return rs.contains(s.result()) && same(domain, s.domain());
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || wanted.equals(DomainNames.normalize(actual == null ? "" : actual));
    }

    /** Enum constants named by lower-case keywords (all result enums use their lower-case names). */
    private static <E extends Enum<E>> Set<E> keywords(Class<E> type, List<String> values, String method,
            String... extra) {
        Set<E> out = EnumSet.noneOf(type);
        for (String v : values) {
            E found = null;
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
                    found = e;
                }
            }
            if (found == null) {
                List<String> known = new ArrayList<>();
                for (E e : type.getEnumConstants()) {
                    known.add(e.name().toLowerCase(Locale.ROOT));
                }
                known.addAll(List.of(extra));
                throw new IllegalArgumentException("unknown " + method + " result '" + v + "': expected one of "
                        + String.join(", ", known));
            }
            out.add(found);
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
