package org.mxpack.core.dmarc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.mxpack.core.message.HeaderSectionReader;
import org.mxpack.core.message.MessageSource;
import org.mxpack.core.text.Lines;

/**
 * The author domains of a raw message: the domains of every address in its RFC 5322 From header
 * field(s), distinct, in order (RFC 7489 §3.1.1). Parsed without javax.mail: comments, quoted strings,
 * {@code Name <addr>}, groups and obsolete folding are handled; an address without {@code @} is skipped.
 *
 * <p>RFC 5322 asks for exactly one From field; a message with several fields or several addresses is
 * still evaluated, against every domain (RFC 7489 §6.6.1: apply the check to each and keep the strictest),
 * so adding a second author cannot dodge a policy. {@link #problem()} says why a message has no usable
 * author or an unusual From.
 */
public final class AuthorDomains {
    /** At most this many distinct author domains are evaluated; more is abuse, not mail. */
    public static final int MAX_DOMAINS = 5;
    /** Distinct domains counted beyond {@link #MAX_DOMAINS} (enough to say "too many"). */
    private static final int COUNT_LIMIT = 1000;
    /** Only the header section up to this size is read; a larger one is {@link #headerTooBig()}. */
    public static final int MAX_HEADER_BYTES = 1024 * 1024;

    private final List<String> domains;
    private final int fields;
    private final int distinct;
    private final boolean headerTooBig;

    private AuthorDomains(List<String> domains, int fields, int distinct, boolean headerTooBig) {
        this.domains = List.copyOf(domains);
        this.fields = fields;
        this.distinct = distinct;
        this.headerTooBig = headerTooBig;
    }

    public static AuthorDomains of(List<String> domains, int fields) {
        return new AuthorDomains(domains, fields, domains.size(), false);
    }

    /**
     * Reads the From field(s) of a message streamed from {@code message}: only its header section, and
     * at most {@link #MAX_HEADER_BYTES} + 1 bytes of it, are read, whatever the body size.
     */
    public static AuthorDomains parse(MessageSource message) throws IOException {
        try (InputStream in = new BufferedInputStream(message.open())) {
            return parse(HeaderSectionReader.readAtMost(in, MAX_HEADER_BYTES));
        }
    }

    /** Reads the From field(s) of a raw message (CRLF or LF line ends). Linear in the header size. */
    public static AuthorDomains parse(byte[] raw) {
        int headerEnd = headerEnd(raw);
        List<String> values = fromFields(raw, Math.min(headerEnd, MAX_HEADER_BYTES));
        Set<String> out = new LinkedHashSet<>();
        for (String value : values) {
            for (String address : addresses(value)) {
                int at = address.lastIndexOf('@');
                if (at > 0 && at < address.length() - 1 && out.size() < COUNT_LIMIT) {
                    out.add(DomainNames.normalize(address.substring(at + 1)));
                }
            }
        }
        List<String> all = new ArrayList<>(out);
        return new AuthorDomains(all.subList(0, Math.min(MAX_DOMAINS, all.size())), values.size(), all.size(),
                headerEnd > MAX_HEADER_BYTES);
    }

    /** Distinct author domains, lower case, at most {@link #MAX_DOMAINS}. */
    public List<String> domains() {
        return domains;
    }

    /** More distinct author domains than {@link #MAX_DOMAINS}: {@link #domains()} does not hold them all. */
    public boolean tooMany() {
        return distinct > MAX_DOMAINS;
    }

    /** How many distinct author domains From names (counted up to 1000). */
    public int distinct() {
        return distinct;
    }

    /** The header section is larger than {@link #MAX_HEADER_BYTES}: an author may hide beyond what was read. */
    public boolean headerTooBig() {
        return headerTooBig;
    }

    /** How many From header fields the message has. */
    public int fields() {
        return fields;
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    /** Why this From is unusual, or "" for one field with one author domain. */
    public String problem() {
        if (fields == 0) {
            return "no From header field";
        }
        if (domains.isEmpty()) {
            return "no author address with a domain in From";
        }
        if (fields > 1) {
            return fields + " From header fields";
        }
        return domains.size() > 1 ? domains.size() + " author domains in From" : "";
    }

    /** The From field values (unfolded) in {@code raw[0..end)}; one pass, a builder per field. */
    private static List<String> fromFields(byte[] raw, int end) {
        // UTF-8: SMTPUTF8 addresses keep their domain readable; anything undecodable only affects local parts
        String head = new String(raw, 0, end, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Lines.lfOrCrlf(head)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current.append(' ').append(line.trim());
                }
                continue;
            }
            if (current != null) {
                out.add(current.toString());
                current = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && isFrom(line, colon)) {
                current = new StringBuilder(line.substring(colon + 1));
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** Whether the field name before {@code colon} is "From" (any case, blanks around it ignored). */
    private static boolean isFrom(String line, int colon) {
        int a = 0;
        int b = colon;
        while (a < b && line.charAt(a) <= ' ') {
            a++;
        }
        while (b > a && line.charAt(b - 1) <= ' ') {
            b--;
        }
        return b - a == 4 && line.regionMatches(true, a, "from", 0, 4);
    }

    /** Where the header section ends: the index of the line break before the empty line, else raw.length. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || (i + 1 < raw.length && (raw[i + 1] == '\n'
                    || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))))) {
                return i;
            }
        }
        return raw.length;
    }

    /**
     * The addr-specs of an address-list: comments dropped, quoted strings kept whole, the part in
     * angle brackets when there is one, group names and their ':' / ';' removed.
     */
    static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        StringBuilder angle = null;
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || depth > 0) && i + 1 < value.length()) {
                i++;
                if (depth == 0) {
                    (angle != null ? angle : plain).append(value.charAt(i));
                }
                continue;
            }
            if (depth > 0) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                continue;
            }
            if (quoted) {
                quoted = c != '"';
                (angle != null ? angle : plain).append(c == '"' ? ' ' : c);
                continue;
            }
            switch (c) {
                case '(':
                    depth = 1;
                    break;
                case '"':
                    quoted = true;
                    break;
                case '<':
                    angle = new StringBuilder();
                    break;
                case '>':
                    if (angle != null) {
                        plain.setLength(0);
                        plain.append(angle);
                        angle = null;
                    }
                    break;
                case ':':
                    // a group's display name, or an obsolete source route inside <...>
                    (angle != null ? angle : plain).setLength(0);
                    break;
                case ',':
                case ';':
                    add(out, plain);
                    break;
                default:
                    (angle != null ? angle : plain).append(c);
            }
        }
        add(out, plain);
        return out;
    }

    private static void add(List<String> out, StringBuilder sb) {
        String s = sb.toString().trim();
        int space = s.lastIndexOf(' ');
        if (space >= 0) {
            s = s.substring(space + 1); // "Name addr" without brackets: the last word
        }
        if (!s.isEmpty()) {
            out.add(s);
        }
        sb.setLength(0);
    }

    @Override
    public String toString() {
        return "From " + domains + (problem().isEmpty() ? "" : " (" + problem() + ")");
    }
}
