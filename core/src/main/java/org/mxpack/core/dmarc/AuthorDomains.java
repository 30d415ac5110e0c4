package org.mxpack.core.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The RFC 5322.From domains of a message (RFC 7489 §6.6.1), read from the raw From header values:
 * display names, quoted strings, comments and group syntax are skipped; each mailbox gives the
 * domain of its addr-spec. No MIME decoding is needed: the addr-spec is always ASCII or raw UTF-8.
 */
public final class AuthorDomains {
    private AuthorDomains() {
    }

    /** The distinct author domains (normalized, in order); empty when there is no parsable From. */
    public static List<String> of(List<String> fromHeaderValues) {
        Set<String> out = new LinkedHashSet<>();
        if (fromHeaderValues != null) {
            for (String value : fromHeaderValues) {
                for (String mailbox : mailboxes(value == null ? "" : value)) {
                    int at = mailbox.lastIndexOf('@');
                    if (at >= 0 && at < mailbox.length() - 1) { // a quoted local-part leaves "@domain"
                        out.add(DomainNames.normalize(mailbox.substring(at + 1)));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The addr-specs of one address-list, without comments, display names or quoted-string content. */
    static List<String> mailboxes(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder bare = new StringBuilder();
        StringBuilder angle = null;
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || comment > 0)) {
                i++;
                continue;
            }
            if (quoted) {
                quoted = c != '"';
            } else if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                comment = 1;
            } else if (c == '<') {
                angle = new StringBuilder();
            } else if (c == '>' && angle != null) {
                bare.setLength(0);
                bare.append(angle);
                angle = null;
            } else if (angle != null) {
                angle.append(c);
            } else if (c == ',' || c == ';') {
                add(out, bare);
            } else if (c == ':') {
                bare.setLength(0); // group name
            } else {
                bare.append(c);
            }
        }
        add(out, bare);
        return out;
    }

    private static void add(List<String> out, StringBuilder mailbox) {
        String m = mailbox.toString().replaceAll("\\s+", "");
        if (!m.isEmpty()) {
            out.add(m);
        }
        mailbox.setLength(0);
    }
}
