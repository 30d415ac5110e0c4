package org.mxpack.core.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one RFC 8601 Authentication-Results header the pack writes: our authserv-id and every
 * method run, or {@code none} when nothing was evaluated (RFC 8601 §2.2).
 *
 * <p>Rendering rules (see {@link HeaderSyntax}): methods, results, ptypes and property names
 * must be keywords (a violation is a programming error, {@link IllegalArgumentException});
 * property values are bare when they are an RFC 2045 token or {@code dot-atom@domain-name},
 * otherwise a quoted-string; {@code reason=} is always a quoted-string; comments escape
 * {@code ( ) \}; every input is cleaned to printable ASCII on one line, so no CR/LF from input
 * reaches the output.
 *
 * <p>Folding ({@link #render()}): each resinfo starts on its own continuation line
 * ({@code ";" CRLF HTAB}); inside a resinfo, elements move to a new continuation line when the
 * line would pass 78 octets, and a long quoted-string or comment is folded before one of its own
 * spaces ({@code CRLF SP}), which unfolding restores exactly (RFC 5322 §2.2.3, §3.2.4). A single
 * space-free element longer than a line stays unbroken (each element is at most
 * {@link HeaderSyntax#MAX_VALUE} characters, far below the 998-octet limit).
 */
public final class AuthenticationResultsHeader {
    public static final String NAME = "Authentication-Results";
    /** RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding CRLF. */
    public static final int LINE_LENGTH = 78;
    private static final String FOLD = "\r\n\t";

    private final String authservId;
    private final List<AuthResult> results;

    private AuthenticationResultsHeader(String authservId, List<AuthResult> results) {
        String id = HeaderSyntax.clean(Objects.requireNonNull(authservId, "authservId"));
        if (id.isEmpty()) {
            throw new IllegalArgumentException("empty authserv-id");
        }
        this.authservId = id;
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
        for (AuthResult r : this.results) {
            requireKeyword("method", r.method());
            requireKeyword("result", r.result());
            for (AuthResult.Property p : r.properties()) {
                requireKeyword("ptype", p.ptype());
                requireKeyword("property", p.name());
            }
        }
    }

    public static AuthenticationResultsHeader of(String authservId, List<AuthResult> results) {
        return new AuthenticationResultsHeader(authservId, results);
    }

    public static Builder builder(String authservId) {
        return new Builder(authservId);
    }

    public String authservId() {
        return authservId;
    }

    public List<AuthResult> results() {
        return results;
    }

    /** The folded header value, as {@code MimeMessage.addHeader(NAME, value)} wants it. */
    public String render() {
        StringBuilder out = new StringBuilder(HeaderSyntax.value(authservId));
        int col = NAME.length() + 2 + out.length();
        if (results.isEmpty()) {
            return out.append(col + 6 > LINE_LENGTH ? ";" + FOLD + "none" : "; none").toString();
        }
        for (AuthResult r : results) {
            out.append(';').append(FOLD);
            col = 1;
            boolean first = true;
            for (String piece : pieces(r)) {
                if (!first) {
                    if (col + 1 + piece.length() <= LINE_LENGTH) {
                        out.append(' ');
                        col++;
                    } else {
                        out.append(FOLD);
                        col = 1;
                    }
                }
                col = appendFolding(out, piece, col);
                first = false;
            }
        }
        return out.toString();
    }

    /** The same value on one line, e.g. for logs and tests. */
    public String renderUnfolded() {
        StringBuilder out = new StringBuilder(HeaderSyntax.value(authservId));
        if (results.isEmpty()) {
            return out.append("; none").toString();
        }
        for (AuthResult r : results) {
            out.append("; ").append(String.join(" ", pieces(r)));
        }
        return out.toString();
    }

    /** {@code Authentication-Results: value} (folded, without the final CRLF). */
    public String headerLine() {
        return NAME + ": " + render();
    }

    @Override
    public String toString() {
        return NAME + ": " + renderUnfolded();
    }

    /** The unbreakable elements of one resinfo, in order. */
    private static List<String> pieces(AuthResult r) {
        List<String> pieces = new ArrayList<>();
        pieces.add(r.method() + "=" + r.result());
        if (!HeaderSyntax.clean(r.comment()).isEmpty()) {
            pieces.add(HeaderSyntax.comment(r.comment()));
        }
        if (!HeaderSyntax.clean(r.reason()).isEmpty()) {
            pieces.add("reason=" + HeaderSyntax.quoted(r.reason()));
        }
        for (AuthResult.Property p : r.properties()) {
            pieces.add(p.ptype() + "." + p.name() + "=" + HeaderSyntax.pvalue(p.value()));
            if (!HeaderSyntax.clean(p.comment()).isEmpty()) {
                pieces.add(HeaderSyntax.comment(p.comment()));
            }
        }
        return pieces;
    }

    /** Appends a piece, folding before its own spaces when it does not fit; returns the new column. */
    private static int appendFolding(StringBuilder out, String piece, int col) {
        if (col + piece.length() <= LINE_LENGTH || piece.indexOf(' ') < 0) {
            out.append(piece);
            return col + piece.length();
        }
        String[] words = piece.split(" ", -1);
        out.append(words[0]);
        col += words[0].length();
        for (int i = 1; i < words.length; i++) {
            if (col + 1 + words[i].length() > LINE_LENGTH) {
                out.append("\r\n");
                col = 0;
            }
            out.append(' ').append(words[i]);
            col += 1 + words[i].length();
        }
        return col;
    }

    private static void requireKeyword(String what, String s) {
        if (!HeaderSyntax.isKeyword(s)) {
            throw new IllegalArgumentException("Authentication-Results " + what + " is not a keyword: '" + s + "'");
        }
    }

    /**
     * True when an inbound Authentication-Results header claims {@code authservId}: its first
     * value (token or quoted-string, after optional CFWS, compared case-insensitively and
     * ignoring one trailing dot) is ours. The mailet deletes such headers (RFC 8601 §5). The
     * value may still carry its {@code Authentication-Results:} name. Unparseable input is
     * {@code false}.
     */
    public static boolean claimsAuthservId(String headerValue, String authservId) {
        if (headerValue == null || authservId == null) {
            return false;
        }
        String v = headerValue;
        String prefix = NAME + ":";
        if (v.regionMatches(true, 0, prefix, 0, prefix.length())) {
            v = v.substring(prefix.length());
        }
        int i = skipCfws(v, 0);
        if (i < 0 || i >= v.length()) {
            return false;
        }
        String id;
        if (v.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            int j = i + 1;
            while (j < v.length() && v.charAt(j) != '"') {
                char c = v.charAt(j);
                if (c == '\\' && j + 1 < v.length()) {
                    j++;
                    c = v.charAt(j);
                }
                if (c != '\r' && c != '\n') {
                    sb.append(c);
                }
                j++;
            }
            if (j >= v.length()) {
                return false;
            }
            id = sb.toString();
        } else {
            int j = i;
            while (j < v.length() && HeaderSyntax.isToken(String.valueOf(v.charAt(j)))) {
                j++;
            }
            id = v.substring(i, j);
        }
        String ours = normalize(HeaderSyntax.clean(authservId));
        return !ours.isEmpty() && normalize(id.trim()).equals(ours);
    }

    private static String normalize(String id) {
        String s = id.endsWith(".") ? id.substring(0, id.length() - 1) : id;
        return s.toLowerCase(Locale.ROOT);
    }

    /** Skips whitespace (folding included) and nested comments; -1 when a comment never closes. */
    private static int skipCfws(String v, int from) {
        int i = from;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(') {
                int depth = 0;
                while (i < v.length()) {
                    char d = v.charAt(i);
                    if (d == '\\') {
                        i += 2;
                        continue;
                    }
                    if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                        if (depth == 0) {
                            break;
                        }
                    }
                    i++;
                }
                if (i >= v.length()) {
                    return -1;
                }
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** Collects results as the checks run. */
    public static final class Builder {
        private final String authservId;
        private final List<AuthResult> results = new ArrayList<>();

        private Builder(String authservId) {
            this.authservId = authservId;
        }

        public Builder add(AuthResult result) {
            results.add(Objects.requireNonNull(result));
            return this;
        }

        public Builder addAll(List<AuthResult> more) {
            for (AuthResult r : more) {
                add(r);
            }
            return this;
        }

        public AuthenticationResultsHeader build() {
            return new AuthenticationResultsHeader(authservId, results);
        }
    }
}
