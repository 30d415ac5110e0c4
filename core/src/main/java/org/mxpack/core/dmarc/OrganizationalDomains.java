package org.mxpack.core.dmarc;

/**
 * Finds the Organizational Domain of a name (RFC 7489 §3.2). One interface so that the DMARCbis
 * (RFC 9989) DNS tree walk can replace the Public Suffix List later without touching the evaluator.
 */
public interface OrganizationalDomains {
    /**
     * The organizational domain of {@code domain} (lower case, no trailing dot): the public suffix plus
     * one label. A name that is itself a public suffix is its own organizational domain. Never throws:
     * names under suffixes the list does not know fall back to the default rule {@code *} (the last two
     * labels).
     */
    String organizationalDomain(String domain);

    /** Guava 31.1's built-in list (the one James ships); the default. */
    static OrganizationalDomains guava() {
        return GuavaOrganizationalDomains.INSTANCE;
    }

    /** The RFC 7489 §3.2 default rule alone: the last two labels (or the name itself when shorter). */
    static String lastTwoLabels(String domain) {
        String d = DomainNames.normalize(domain);
        int last = d.lastIndexOf('.');
        if (last <= 0) {
            return d;
        }
        int prev = d.lastIndexOf('.', last - 1);
        return prev < 0 ? d : d.substring(prev + 1);
    }
}
