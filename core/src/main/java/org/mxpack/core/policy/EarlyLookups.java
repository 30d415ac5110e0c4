package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dkim.SelectorMemory;
import org.mxpack.core.dmarc.AuthorDomains;
import org.mxpack.core.dmarc.DmarcEvaluator;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.dns.RecordType;
import org.mxpack.core.dns.SessionDns;

/**
 * The end-of-DATA lookups started as soon as their inputs are known, so that the final dot finds them
 * answered (the session's DNS view keeps each answer): at MAIL FROM the DMARC records of the envelope
 * domain and the DKIM keys recent mail from it was signed with; when the header section is in, the keys
 * of its signatures and the DMARC records of its authors. Nothing here waits or decides.
 */
final class EarlyLookups {
    private static final String KEY_LABEL = "._domainkey.";

    private final DkimVerifier verifier;
    private final DmarcEvaluator dmarc;
    private final OrganizationalDomains orgs;
    private final SelectorMemory selectors = new SelectorMemory();

    EarlyLookups(DkimVerifier verifier, DmarcEvaluator dmarc, OrganizationalDomains orgs) {
        this.verifier = verifier;
        this.dmarc = dmarc;
        this.orgs = orgs;
    }

    void atMail(SessionDns dns, String sender, boolean dkim, boolean dmarcOn) {
        String domain = domainOf(sender);
        if (domain.isEmpty()) {
            return;
        }
        if (dmarcOn) {
            dmarc.withDns(dns).prefetch(domain);
        }
        if (dkim) {
            for (String keyName : selectors.recall(domain)) {
                dns.prefetch(keyName, RecordType.TXT);
            }
        }
    }

    void atHeaders(SessionDns dns, String sender, byte[] headerSection, boolean dkim, boolean dmarcOn) {
        if (dkim) {
            rememberAligned(domainOf(sender), verifier.withDns(dns).prefetchKeys(headerSection));
        }
        if (dmarcOn) {
            for (String author : AuthorDomains.parse(headerSection).domains()) {
                dmarc.withDns(dns).prefetch(author);
            }
        }
    }

    /**
     * Remembers the keys whose signing domain shares the envelope domain's organizational domain:
     * a sender cannot make us look up its own zone on someone else's mail.
     */
    private void rememberAligned(String envelopeDomain, List<String> keyNames) {
        if (envelopeDomain.isEmpty()) {
            return;
        }
        String org = orgs.organizationalDomain(envelopeDomain);
        List<String> aligned = new ArrayList<>();
        for (String keyName : keyNames) {
            int at = keyName.indexOf(KEY_LABEL);
            String d = at < 0 ? "" : keyName.substring(at + KEY_LABEL.length());
            if (!d.isEmpty() && orgs.organizationalDomain(d).equals(org)) {
                aligned.add(keyName);
            }
        }
        selectors.remember(envelopeDomain, aligned);
    }

    private static String domainOf(String sender) {
        int at = sender == null ? -1 : sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
