package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mxpack.core.arc.ArcSettings;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;

/**
 * Local policy over DMARC (RFC 7489 §6.7) with ARC (RFC 8617 §7.2): a message that fails its author's
 * DMARC {@code p=reject} is still accepted when its ARC chain passes, the newest seal is by a sealer
 * the admin trusts ({@code <arc><trustedSealer>}, or a subdomain of one), and that sealer's
 * ARC-Authentication-Results reported {@code dmarc=pass}, or an SPF or DKIM pass aligned with the author
 * domain, when the message reached it. Everything else leaves the DMARC verdict as it is.
 */
final class ArcOverride {
    private final ArcSettings settings;
    private final OrganizationalDomains orgs;

    ArcOverride(ArcSettings settings, OrganizationalDomains orgs) {
        this.settings = settings;
        this.orgs = orgs;
    }

    boolean observeOnly() {
        return settings.observe();
    }

    /** Why the reject of {@code authorDomain} is overridden, or empty when it is not. */
    Optional<String> reason(ArcVerdict chain, String authorDomain) {
        if (chain == null || !chain.isPass() || !trusted(chain.sealDomain())) {
            return Optional.empty();
        }
        String author = authorDomain.toLowerCase(Locale.ROOT);
        for (Resinfo r : Resinfo.parse(chain.authResults())) {
            if (!r.result.equals("pass")) {
                continue;
            }
            String domain = r.method.equals("dmarc") ? r.property("header.from")
                    : r.method.equals("spf") ? afterAt(r.property("smtp.mailfrom"))
                    : r.method.equals("dkim") ? r.property("header.d") : "";
            if (!domain.isEmpty() && aligned(domain, author)) {
                return Optional.of("ARC chain sealed by trusted " + chain.sealDomain() + " reports " + r.method
                        + "=pass for " + domain + " (local policy, RFC 7489 6.7)");
            }
        }
        return Optional.empty();
    }

    private boolean trusted(String sealDomain) {
        for (String t : settings.trustedSealers()) {
            if (sealDomain.equals(t) || sealDomain.endsWith("." + t)) {
                return true;
            }
        }
        return false;
    }

    private boolean aligned(String domain, String author) {
        String d = domain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return d.equals(author) || orgs.organizationalDomain(d).equals(orgs.organizationalDomain(author));
    }

    private static String afterAt(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    /** One {@code method=result ptype.property=value ...} of an Authentication-Results value. */
    static final class Resinfo {
        final String method;
        final String result;
        private final List<String[]> properties = new ArrayList<>();

        private Resinfo(String method, String result) {
            this.method = method;
            this.result = result;
        }

        String property(String name) {
            for (String[] p : properties) {
                if (p[0].equals(name)) {
                    return p[1];
                }
            }
            return "";
        }

        /** The resinfos of an A-R value (authserv-id first, comments dropped); lenient: what does not parse is skipped. */
        static List<Resinfo> parse(String value) {
            List<Resinfo> out = new ArrayList<>();
            String[] parts = withoutComments(value).split(";");
            for (int i = 0; i < parts.length; i++) {
                String[] tokens = parts[i].trim().split("\\s+");
                if (tokens.length == 0 || tokens[0].indexOf('=') <= 0) {
                    continue; // the authserv-id (and its version), or "none"
                }
                String[] mr = tokens[0].split("=", 2);
                Resinfo r = new Resinfo(mr[0].toLowerCase(Locale.ROOT), mr[1].toLowerCase(Locale.ROOT));
                for (int t = 1; t < tokens.length; t++) {
                    int eq = tokens[t].indexOf('=');
                    if (eq > 0) {
                        r.properties.add(new String[] {tokens[t].substring(0, eq).toLowerCase(Locale.ROOT),
                                tokens[t].substring(eq + 1).replace("\"", "")});
                    }
                }
                out.add(r);
            }
            return out;
        }

        private static String withoutComments(String value) {
            StringBuilder b = new StringBuilder();
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' && depth == 0) {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                    continue;
                } else if (!quoted && c == ')' && depth > 0) {
                    depth--;
                    continue;
                }
                if (depth == 0) {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
