package org.mxpack.core.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.reply.Reason;

/**
 * What the admin requires of a message's DKIM signatures ({@code <dkim><require>}), and which RFC 7372
 * refusal a message earns that does not meet it. A signature whose key lookup failed temporarily is
 * never a reason for a 5xx, nor is a signature mxpack left unverified because of its own limits
 * ({@link DkimVerdict#incomplete()}): when it could have met the requirement the answer is {@link Reason#DKIM_TEMPERROR}.
 */
public enum DkimRequirement {
    /** Record only (default). */
    NONE,
    /**
     * At least one signature that passes: none verified → {@code 550 5.7.20}; some verified but all were
     * refused by local policy (rsa-sha1, short key: result {@code policy}) → {@code 550 5.7.21}.
     */
    PASS,
    /** As PASS, and for every author (From) domain a passing signature aligned with it (relaxed) → else {@code 550 5.7.22}. */
    ALIGNED;

    /** The refusal this message earns, or empty when the requirement is met. */
    public Optional<Reason> unmet(DkimVerdict verdict, List<String> authorDomains, OrganizationalDomains orgs) {
        if (this == NONE) {
            return Optional.empty();
        }
        List<DkimSignatureVerdict> sigs = verdict.signatures();
        if (sigs.stream().noneMatch(DkimSignatureVerdict::isPass)) {
            if (verdict.incomplete() || any(sigs, s -> s.result() == DkimResult.TEMPERROR)) {
                return Optional.of(Reason.DKIM_TEMPERROR);
            }
            return Optional.of(any(sigs, s -> s.result() == DkimResult.POLICY) ? Reason.DKIM_NOT_ACCEPTABLE
                    : Reason.DKIM_NO_PASS);
        }
        if (this == ALIGNED) {
            if (authorDomains.isEmpty()) {
                return Optional.of(Reason.DKIM_NOT_ALIGNED);
            }
            for (String author : authorDomains) {
                if (alignedPassing(verdict, author, orgs).isEmpty()) {
                    boolean pending = verdict.incomplete()
                            || any(aligned(verdict, author, orgs), s -> s.result() == DkimResult.TEMPERROR);
                    return Optional.of(pending ? Reason.DKIM_TEMPERROR : Reason.DKIM_NOT_ALIGNED);
                }
            }
        }
        return Optional.empty();
    }

    /** Passing signatures whose {@code d=} aligns (relaxed, RFC 7489 §3.1.1) with {@code authorDomain}. */
    public static List<DkimSignatureVerdict> alignedPassing(DkimVerdict verdict, String authorDomain,
            OrganizationalDomains orgs) {
        List<DkimSignatureVerdict> out = aligned(verdict, authorDomain, orgs);
        out.removeIf(s -> !s.isPass());
        return out;
    }

    /** Every signature (any result) whose {@code d=} aligns with {@code authorDomain}. */
    public static List<DkimSignatureVerdict> aligned(DkimVerdict verdict, String authorDomain,
            OrganizationalDomains orgs) {
        return new java.util.ArrayList<>(verdict.alignedWith(authorDomain, orgs.organizationalDomain(authorDomain)));
    }

    private static boolean any(List<DkimSignatureVerdict> sigs, Predicate<DkimSignatureVerdict> p) {
        return sigs.stream().anyMatch(p);
    }
}
