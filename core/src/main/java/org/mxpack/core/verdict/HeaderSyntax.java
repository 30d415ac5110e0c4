package org.mxpack.core.verdict;

import org.mxpack.core.text.PrintableAscii;

/**
 * Lexical helpers for structured header fields written by the pack (Authentication-Results,
 * Received-SPF): RFC 2045 tokens, RFC 5322 quoted-strings and comments. All output is printable
 * US-ASCII on one line: no CR/LF or other control character from input ever gets through.
 */
public final class HeaderSyntax {
    /** Bound for any one free-text or value element: a header line must stay under 998 octets. */
    public static final int MAX_VALUE = 500;

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private HeaderSyntax() {
    }

    /**
     * One printable-ASCII line: controls (CR, LF, TAB ...) become a space, non-ASCII code points
     * {@code ?} (the header is written without SMTPUTF8 and javax.mail would mangle raw UTF-8),
     * space runs collapse, ends are trimmed, length is cut to {@link #MAX_VALUE}.
     */
    public static String clean(String raw) {
        return PrintableAscii.of(raw, MAX_VALUE);
    }

    /** RFC 2045 token: printable ASCII except space and tspecials, non-empty. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 Keyword / RFC 5890 ldh-str: letters, digits, inner hyphens. */
    public static boolean isKeyword(String s) {
        if (s == null || s.isEmpty() || s.startsWith("-") || s.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 dot-atom-text: atext runs separated by single dots. */
    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 6376 domain-name: dot-separated labels of letters, digits and inner hyphens. */
    static boolean isDomainName(String s) {
        if (s.isEmpty() || s.endsWith(".")) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (!isKeyword(label)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 quoted-string of the cleaned text, {@code "} and {@code \} escaped as quoted-pairs. */
    public static String quoted(String raw) {
        String s = clean(raw);
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** RFC 5322 comment of the cleaned text, parentheses and backslash escaped as quoted-pairs. */
    public static String comment(String raw) {
        String s = clean(raw);
        StringBuilder sb = new StringBuilder(s.length() + 2).append('(');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == ')' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append(')').toString();
    }

    /** RFC 2045 value: the token itself when it is one, else a quoted-string. */
    public static String value(String raw) {
        String s = clean(raw);
        return isToken(s) ? s : quoted(s);
    }

    /**
     * RFC 8601 pvalue: a token, or {@code [local-part] "@" domain-name} with a dot-atom local-part
     * (e.g. {@code user@example.com}, {@code @example.com}) bare; anything else as a quoted-string.
     */
    public static String pvalue(String raw) {
        String s = clean(raw);
        if (isToken(s)) {
            return s;
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            String local = s.substring(0, at);
            String domain = s.substring(at + 1);
            if ((local.isEmpty() || isDotAtom(local)) && isDomainName(domain)) {
                return s;
            }
        }
        return quoted(s);
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
