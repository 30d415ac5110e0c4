package org.mxpack.core.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code v=spf1} record (RFC 7208 §4.5, §4.6, §12 ABNF). The whole record is checked before
 * anything is evaluated: a syntax error anywhere is a permerror (§4.6), however early a mechanism matches.
 */
final class SpfRecord {
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)", Pattern.DOTALL);
    private static final Pattern MECHANISM = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)(.*)", Pattern.DOTALL);
    /** Optional "/ip4-cidr" then optional "//ip6-cidr" at the end of a/mx. */
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?(?://([0-9]+))?", Pattern.DOTALL);
    private static final Pattern CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?", Pattern.DOTALL);

    final List<Directive> directives;
    /** domain-spec of redirect=, or null. */
    final String redirect;
    /** domain-spec of exp=, or null. */
    final String exp;

    private SpfRecord(List<Directive> directives, String redirect, String exp) {
        this.directives = List.copyOf(directives);
        this.redirect = redirect;
        this.exp = exp;
    }

    /** True for the TXT strings that are SPF version 1 records: "v=spf1" then a space or the end (§4.5). */
    static boolean isSpf1(String txt) {
        return txt.regionMatches(true, 0, "v=spf1", 0, 6) && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    static SpfRecord parse(String txt) throws SpfError {
        if (!isSpf1(txt)) {
            throw SpfError.perm("not an SPF record");
        }
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        String exp = null;
        // Terms are separated by SP only (§4.6.1): any other white space is part of a term, hence an error.
        for (String term : txt.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher mod = MODIFIER.matcher(term);
            if (mod.matches()) {
                String name = mod.group(1).toLowerCase(Locale.ROOT);
                String value = mod.group(2);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw SpfError.perm("redirect= appears twice");
                    }
                    Macros.checkDomainSpec(value);
                    redirect = value;
                } else if (name.equals("exp")) {
                    if (exp != null) {
                        throw SpfError.perm("exp= appears twice");
                    }
                    Macros.checkDomainSpec(value);
                    exp = value;
                } else {
                    Macros.checkMacroString(value); // unknown modifiers are ignored, but must be well-formed
                }
                continue;
            }
            directives.add(directive(term));
        }
        return new SpfRecord(directives, redirect, exp);
    }

    private static Directive directive(String term) throws SpfError {
        SpfResult qualifier = Directive.qualifier(term.charAt(0));
        String body = qualifier == null ? term : term.substring(1);
        if (qualifier == null) {
            qualifier = SpfResult.PASS;
        }
        Matcher m = MECHANISM.matcher(body);
        if (!m.matches()) {
            throw SpfError.perm("invalid term '" + Macros.printable(term) + "'");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        Directive.Kind kind;
        try {
            kind = Directive.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SpfError.perm("unknown mechanism '" + Macros.printable(term) + "'");
        }
        if (!name.chars().allMatch(Character::isLetterOrDigit)) {
            throw SpfError.perm("unknown mechanism '" + Macros.printable(term) + "'");
        }
        switch (kind) {
            case ALL:
                if (!rest.isEmpty()) {
                    throw SpfError.perm("'all' takes no argument: '" + Macros.printable(term) + "'");
                }
                return new Directive(qualifier, kind, null, null, 32, 128, body);
            case INCLUDE:
            case EXISTS:
                return new Directive(qualifier, kind, requiredDomain(rest, term), null, 32, 128, body);
            case PTR:
                return new Directive(qualifier, kind, optionalDomain(rest, term), null, 32, 128, body);
            case A:
            case MX: {
                Matcher c = DUAL_CIDR.matcher(rest);
                c.matches();
                int c4 = cidr(c.group(2), 32, term);
                int c6 = cidr(c.group(3), 128, term);
                return new Directive(qualifier, kind, optionalDomain(c.group(1), term), null, c4, c6, body);
            }
            case IP4:
            case IP6: {
                Matcher c = CIDR.matcher(rest);
                c.matches();
                String net = c.group(1);
                if (!net.startsWith(":")) {
                    throw SpfError.perm("'" + name + "' needs an address: '" + Macros.printable(term) + "'");
                }
                boolean v4 = kind == Directive.Kind.IP4;
                Ip ip = v4 ? Ip.parse4(net.substring(1)) : Ip.parse6(net.substring(1));
                if (ip == null) {
                    throw SpfError.perm("invalid address in '" + Macros.printable(term) + "'");
                }
                int bits = cidr(c.group(2), v4 ? 32 : 128, term);
                return new Directive(qualifier, kind, null, ip, v4 ? bits : 32, v4 ? 128 : bits, body);
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static String requiredDomain(String rest, String term) throws SpfError {
        if (!rest.startsWith(":")) {
            throw SpfError.perm("'" + Macros.printable(term) + "' needs a domain");
        }
        String spec = rest.substring(1);
        Macros.checkDomainSpec(spec);
        return spec;
    }

    private static String optionalDomain(String rest, String term) throws SpfError {
        if (rest.isEmpty()) {
            return null;
        }
        return requiredDomain(rest, term);
    }

    /** A CIDR length: no leading zeros, at most {@code max} (ABNF ip4-cidr-length / ip6-cidr-length). */
    private static int cidr(String digits, int max, String term) throws SpfError {
        if (digits == null) {
            return max;
        }
        if ((digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 3
                || Integer.parseInt(digits) > max) {
            throw SpfError.perm("invalid CIDR length in '" + Macros.printable(term) + "'");
        }
        return Integer.parseInt(digits);
    }
}
