package org.mxpack.core.dmarc;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.net.InternetDomainName;

/**
 * {@link OrganizationalDomains} over Guava's bundled Public Suffix List (ICANN and private sections,
 * like the file loader). Guava refuses names under TLDs it does not list ({@code .test},
 * {@code .example}, ...) and malformed names: those get the RFC 7489 §3.2 default rule {@code *}.
 */
final class GuavaOrganizationalDomains implements OrganizationalDomains {
    static final GuavaOrganizationalDomains INSTANCE = new GuavaOrganizationalDomains();

    /**
     * Answers given recently: every message asks for its From and DKIM domains, mostly the same few.
     * Bounded by characters, so long made-up names only evict each other. (A manual cache: a loading
     * one needs Guava's failureaccess jar, which the command-line tool does not ship.)
     */
    private final Cache<String, String> recent = CacheBuilder.newBuilder().maximumWeight(1 << 20)
            .weigher((String domain, String org) -> domain.length() + org.length()).build();

    private GuavaOrganizationalDomains() {
    }

    @Override
    public String organizationalDomain(String domain) {
        String d = DomainNames.normalize(domain);
        String org = recent.getIfPresent(d);
        if (org == null) {
            org = lookUp(d);
            recent.put(d, org);
        }
        return org;
    }

    private static String lookUp(String d) {
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            if (name.isPublicSuffix()) {
                return d;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a name Guava accepts: default rule below
        }
        return OrganizationalDomains.lastTwoLabels(d);
    }
}
