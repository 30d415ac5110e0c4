package org.mxpack.core.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@link OrganizationalDomains} from a {@code public_suffix_list.dat} file, for admins who want a fresher
 * list than Guava's. Implements the publicsuffix.org algorithm: normal rules, wildcard {@code *.} rules
 * and exception {@code !} rules (an exception beats the wildcard it cuts), longest match wins, the
 * implicit rule {@code *} when nothing matches. Unicode rules are stored as A-labels.
 */
public final class PublicSuffixList implements OrganizationalDomains {
    private final Set<String> rules;
    /** Parents of wildcard rules: {@code *.ck} is stored as {@code ck}. */
    private final Set<String> wildcards;
    /** Exception rules without the {@code !}. */
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcards = Set.copyOf(wildcards);
        this.exceptions = Set.copyOf(exceptions);
    }

    public static PublicSuffixList load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r);
        }
    }

    public static PublicSuffixList parse(Reader reader) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        BufferedReader in = new BufferedReader(reader);
        String line;
        while ((line = in.readLine()) != null) {
            String rule = line.trim();
            int space = indexOfWhitespace(rule);
            if (space >= 0) {
                rule = rule.substring(0, space);
            }
            if (rule.isEmpty() || rule.startsWith("//")) {
                continue;
            }
            if (rule.startsWith("!")) {
                addAscii(exceptions, rule.substring(1));
            } else if (rule.startsWith("*.")) {
                addAscii(wildcards, rule.substring(2));
            } else {
                addAscii(rules, rule);
            }
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /** Convenience for tests and text configuration. */
    public static PublicSuffixList parse(String text) {
        try {
            return parse(new java.io.StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void addAscii(Set<String> set, String rule) {
        try {
            set.add(IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // a rule Java's IDNA 2003 cannot encode: no mail domain we see can match it either
        }
    }

    /** The public suffix of {@code domain} under this list. */
    public String publicSuffix(String domain) {
        String[] labels = DomainNames.normalize(domain).split("\\.", -1);
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            String candidate = join(labels, i);
            if (exceptions.contains(candidate)) {
                return join(labels, i + 1);
            }
            if (rules.contains(candidate) || (i + 1 < n && wildcards.contains(join(labels, i + 1)))) {
                return candidate;
            }
        }
        return labels[n - 1];
    }

    @Override
    public String organizationalDomain(String domain) {
        String d = DomainNames.normalize(domain);
        if (d.isEmpty()) {
            return d;
        }
        String suffix = publicSuffix(d);
        if (suffix.length() >= d.length()) {
            return d;
        }
        String rest = d.substring(0, d.length() - suffix.length() - 1);
        int dot = rest.lastIndexOf('.');
        return (dot < 0 ? rest : rest.substring(dot + 1)) + "." + suffix;
    }

    private static String join(String[] labels, int from) {
        return String.join(".", java.util.Arrays.asList(labels).subList(from, labels.length));
    }

    public int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }
}
