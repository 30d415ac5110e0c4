package org.mxpack.core.lists;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a sender list, parsed from its text (matching is case-insensitive):
 * <ul>
 *   <li>{@code user@example.com} — exactly that address;</li>
 *   <li>{@code example.com}, {@code @example.com}, {@code *@example.com} — any address at that domain;</li>
 *   <li>{@code .example.com} — example.com and every domain under it ({@code user@.example.com}: that
 *       local part there);</li>
 *   <li>{@code *.example.com} — every domain under example.com, not example.com itself;</li>
 *   <li>{@code *} in the local part or domain matches any run of characters ({@code user@*},
 *       {@code bounce-*@*.example.com});</li>
 *   <li>{@code <>} — the null sender.</li>
 * </ul>
 */
public final class SenderRule {
    private static final Pattern LOCAL = Pattern.compile("[^\\s@<>\"]+");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_*-]+(\\.[a-z0-9_*-]+)*");

    private final String text;
    private final String origin;
    private final boolean nullSender;
    private final Pattern local;
    private final Pattern domain;

    private SenderRule(String text, String origin, boolean nullSender, Pattern local, Pattern domain) {
        this.text = text;
        this.origin = origin;
        this.nullSender = nullSender;
        this.local = local;
        this.domain = domain;
    }

    /** @param origin where the rule came from ({@code conf/mxpack/senders.txt:3}), for errors and logs */
    public static SenderRule parse(String text, String origin) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IllegalArgumentException(origin + ": empty sender rule");
        }
        if (t.equals("<>")) {
            return new SenderRule(t, origin, true, null, null);
        }
        int at = t.lastIndexOf('@');
        String localPart = at < 0 ? "*" : t.substring(0, at);
        String domainPart = at < 0 ? t : t.substring(at + 1);
        if (localPart.isEmpty()) {
            localPart = "*";
        }
        if (!LOCAL.matcher(localPart).matches()) {
            throw bad(text, origin);
        }
        return new SenderRule(t, origin, false, glob(localPart), domainPattern(domainPart, text, origin));
    }

    private static Pattern domainPattern(String d, String text, String origin) {
        String name = d.endsWith(".") && d.length() > 1 ? d.substring(0, d.length() - 1) : d;
        if (name.startsWith(".")) {
            String base = name.substring(1);
            if (!DOMAIN.matcher(base).matches()) {
                throw bad(text, origin);
            }
            // the domain itself or any name under it
            return Pattern.compile("(.+\\.)?" + glob(base).pattern());
        }
        if (!DOMAIN.matcher(name).matches()) {
            throw bad(text, origin);
        }
        return glob(name);
    }

    private static IllegalArgumentException bad(String text, String origin) {
        return new IllegalArgumentException(origin + ": '" + text + "' is not a sender rule (user@example.com, "
                + "example.com, .example.com, *.example.com, *@example.com, user@*, <>)");
    }

    /** {@code *} matches any run of characters, everything else is literal. */
    private static Pattern glob(String s) {
        StringBuilder re = new StringBuilder();
        String[] pieces = s.split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!pieces[i].isEmpty()) {
                re.append(Pattern.quote(pieces[i]));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** @param sender the envelope sender without brackets, {@code ""} for the null sender */
    boolean matches(String sender) {
        if (sender.isEmpty()) {
            return nullSender;
        }
        if (nullSender) {
            return false;
        }
        String s = sender.toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String d = s.substring(at + 1);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return local.matcher(s.substring(0, at)).matches() && domain.matcher(d).matches();
    }

    /** The rule as written (lower case). */
    public String text() {
        return text;
    }

    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderRule && ((SenderRule) o).text.equals(text) && ((SenderRule) o).origin.equals(origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, origin);
    }

    @Override
    public String toString() {
        return text + " (" + origin + ")";
    }
}
