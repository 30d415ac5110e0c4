package org.mxpack.core.dmarc;

import java.util.Objects;

/**
 * A domain authenticated by SPF (MAIL FROM or HELO identity) or by a DKIM signature ({@code d=}),
 * with whether that check passed. Only passing entries can align (RFC 7489 §4.2); failing ones may be
 * fed as they are, so a hook can pass every SPF/DKIM verdict without filtering.
 */
public final class AuthenticatedDomain {
    private final String domain;
    private final boolean passed;

    private AuthenticatedDomain(String domain, boolean passed) {
        this.domain = DomainNames.normalize(Objects.requireNonNull(domain, "domain"));
        this.passed = passed;
    }

    public static AuthenticatedDomain pass(String domain) {
        return new AuthenticatedDomain(domain, true);
    }

    public static AuthenticatedDomain of(String domain, boolean passed) {
        return new AuthenticatedDomain(domain, passed);
    }

    /** From an RFC 8601 result keyword ({@code pass}, {@code fail}, ...): only {@code pass} passes. */
    public static AuthenticatedDomain ofKeyword(String domain, String resultKeyword) {
        return new AuthenticatedDomain(domain, resultKeyword != null && resultKeyword.trim().equalsIgnoreCase("pass"));
    }

    /** Lower case, without a trailing dot. */
    public String domain() {
        return domain;
    }

    public boolean passed() {
        return passed;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthenticatedDomain)) {
            return false;
        }
        AuthenticatedDomain a = (AuthenticatedDomain) o;
        return domain.equals(a.domain) && passed == a.passed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, passed);
    }

    @Override
    public String toString() {
        return domain + (passed ? " (pass)" : " (not pass)");
    }
}
