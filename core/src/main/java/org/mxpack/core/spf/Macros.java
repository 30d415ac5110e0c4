package org.mxpack.core.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * RFC 7208 §7 macro strings: syntax checks (done when a record is parsed, so a bad macro anywhere in
 * a record is a permerror) and expansion (done when a term is evaluated).
 */
final class Macros {
    static final int MAX_DOMAIN_LENGTH = 253;
    private static final String DELIMITERS = ".-+,/_=";
    private static final Pattern TOPLABEL = Pattern.compile(
            "[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");

    /** The values macros expand to, for one check_host() call chain. {@code %{d}} is passed per call. */
    static final class Context {
        final String sender;
        final String localPart;
        final String senderDomain;
        final Ip ip;
        final String helo;
        final String receiver;
        final long timestamp;
        final Supplier<String> validatedName;

        Context(String sender, String localPart, String senderDomain, Ip ip, String helo, String receiver,
                long timestamp, Supplier<String> validatedName) {
            this.sender = sender;
            this.localPart = localPart;
            this.senderDomain = senderDomain;
            this.ip = ip;
            this.helo = helo;
            this.receiver = receiver;
            this.timestamp = timestamp;
            this.validatedName = validatedName;
        }
    }

    private Macros() {
    }

    /** Checks a {@code domain-spec}: a valid macro-string ending in a macro or in "." toplabel ["."]. */
    static void checkDomainSpec(String spec) throws SpfError {
        if (spec.isEmpty()) {
            throw SpfError.perm("empty domain-spec");
        }
        int literalTail = scan(spec, false, null, null, false);
        if (literalTail == spec.length()) {
            return; // ends with a macro-expand
        }
        String tail = spec.substring(literalTail);
        if (tail.endsWith(".")) {
            tail = tail.substring(0, tail.length() - 1);
        }
        int dot = tail.lastIndexOf('.');
        if (dot < 0 || !TOPLABEL.matcher(tail.substring(dot + 1)).matches()) {
            throw SpfError.perm("domain-spec '" + spec + "' must end in a macro or a valid top label");
        }
    }

    /** Checks any macro-string (unknown modifiers' values). */
    static void checkMacroString(String text) throws SpfError {
        scan(text, false, null, null, false);
    }

    /** Expands a domain-spec and makes it a query name: trailing dot dropped, left labels cut to 253 chars. */
    static String expandDomain(String spec, Context ctx, String domain) throws SpfError {
        StringBuilder out = new StringBuilder();
        scan(spec, false, ctx, domain, false, out);
        String name = out.toString();
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        while (name.length() > MAX_DOMAIN_LENGTH && name.indexOf('.') >= 0) {
            name = name.substring(name.indexOf('.') + 1);
        }
        return name;
    }

    /** Expands an explanation string (spaces and the c, r, t letters allowed; RFC 7208 §6.2). */
    static String expandExplanation(String text, Context ctx, String domain) throws SpfError {
        StringBuilder out = new StringBuilder();
        scan(text, true, ctx, domain, true, out);
        return out.toString();
    }

    private static int scan(String s, boolean exp, Context ctx, String domain, boolean spaces) throws SpfError {
        return scan(s, exp, ctx, domain, spaces, null);
    }

    /**
     * Walks a macro-string, appending its expansion to {@code out} when given. Returns the index where the
     * trailing run of literal characters starts ({@code s.length()} when it ends with a macro).
     */
    private static int scan(String s, boolean exp, Context ctx, String domain, boolean spaces, StringBuilder out)
            throws SpfError {
        int literalStart = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                boolean ok = (c >= 0x21 && c <= 0x7e) || (spaces && c == ' ');
                if (!ok) {
                    throw SpfError.perm("invalid character " + describe(c) + " in '" + printable(s) + "'");
                }
                if (out != null) {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (i + 1 >= s.length()) {
                throw SpfError.perm("'%' at the end of '" + printable(s) + "'");
            }
            char n = s.charAt(i + 1);
            if (n == '%' || n == '_' || n == '-') {
                if (out != null) {
                    out.append(n == '%' ? "%" : n == '_' ? " " : "%20");
                }
                i += 2;
                literalStart = i;
                continue;
            }
            if (n != '{') {
                throw SpfError.perm("'%' must be followed by '{', '%', '_' or '-' in '" + printable(s) + "'");
            }
            int end = s.indexOf('}', i + 2);
            if (end < 0) {
                throw SpfError.perm("unterminated macro in '" + printable(s) + "'");
            }
            String body = s.substring(i + 2, end);
            String value = macro(body, exp, ctx, domain);
            if (out != null) {
                out.append(value);
            }
            i = end + 1;
            literalStart = i;
        }
        return literalStart;
    }

    /** One {@code %{...}} body: letter, digits, optional 'r', delimiters. Returns null when only checking. */
    private static String macro(String body, boolean exp, Context ctx, String domain) throws SpfError {
        if (body.isEmpty()) {
            throw SpfError.perm("empty macro %{}");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if ("slodiphv".indexOf(lower) < 0 && !(exp && "crt".indexOf(lower) >= 0)) {
            throw SpfError.perm("invalid macro letter '" + letter + "'" + ("crt".indexOf(lower) >= 0
                    ? " (only allowed in explanations)" : ""));
        }
        int p = 1;
        int digitsStart = p;
        while (p < body.length() && Character.isDigit(body.charAt(p))) {
            p++;
        }
        int keep = Integer.MAX_VALUE;
        if (p > digitsStart) {
            String digits = body.substring(digitsStart, p);
            keep = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (keep == 0) {
                throw SpfError.perm("macro transformer 0 in %{" + body + "}");
            }
        }
        boolean reverse = false;
        if (p < body.length() && (body.charAt(p) == 'r' || body.charAt(p) == 'R')) {
            reverse = true;
            p++;
        }
        String delimiters = body.substring(p);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw SpfError.perm("invalid macro delimiter '" + d + "' in %{" + body + "}");
            }
        }
        if (ctx == null) {
            return null;
        }
        String value = transform(value(lower, ctx, domain), keep, reverse, delimiters.isEmpty() ? "." : delimiters);
        return Character.isUpperCase(letter) ? urlEscape(value) : value;
    }

    private static String value(char letter, Context ctx, String domain) {
        switch (letter) {
            case 's':
                return ctx.sender;
            case 'l':
                return ctx.localPart;
            case 'o':
                return ctx.senderDomain;
            case 'd':
                return domain;
            case 'i':
                return ctx.ip.macroForm();
            case 'p':
                return ctx.validatedName.get();
            case 'v':
                return ctx.ip.isV4() ? "in-addr" : "ip6";
            case 'h':
                return ctx.helo;
            case 'c':
                return ctx.ip.text();
            case 'r':
                return ctx.receiver;
            case 't':
                return Long.toString(ctx.timestamp);
            default:
                throw new IllegalStateException("unchecked macro letter " + letter);
        }
    }

    /** Splits on the delimiters, optionally reverses, keeps the right-most {@code keep} parts, joins with '.'. */
    static String transform(String value, int keep, boolean reverse, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        return String.join(".", parts);
    }

    /** Percent-encodes everything outside RFC 3986 "unreserved" (upper-case macro letters, §7.3). */
    static String urlEscape(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    private static String describe(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    /** Record text safe for a problem string: controls and non-ASCII shown as '?'. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 200 ? sb.append("...").toString() : sb.toString();
    }
}
