package org.mxpack.core.dmarc;

import com.google.common.net.InternetDomainName;

/**
 * {@link OrganizationalDomains} over Guava's bundled Public Suffix List (ICANN and private sections,
 * like the file loader). Guava refuses names under TLDs it does not list ({@code .test},
 * {@code .example}, ...) and malformed names: those get the RFC 7489 §3.2 default rule {@code *}.
 */
final class GuavaOrganizationalDomains implements OrganizationalDomains {
    static final GuavaOrganizationalDomains INSTANCE = new GuavaOrganizationalDomains();

    private GuavaOrganizationalDomains() {
    }

    @Override
    public String organizationalDomain(String domain) {
        String d = DomainNames.normalize(domain);
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
