package org.mxpack.core.arc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mxpack.core.dkim.DkimPermError;
import org.mxpack.core.dkim.RawMessage;
import org.mxpack.core.dkim.TagList;

/**
 * The ARC sets of a message, collected and checked for structure (RFC 8617 §5.2 steps 1 to 3): every
 * set 1..N complete with exactly one ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal, no
 * gaps, no duplicates, at most 50 sets, the tags each field needs, and the {@code cv=} rules. Anything
 * else is an {@link Invalid} with its reason, never another exception. Signatures are checked later.
 */
final class ArcChain {
    static final int MAX_INSTANCES = 50;
    /**
     * All ARC fields of a message together; far above 50 real sets (2 to 4 KB each). Each seal signs every
     * set below it, so this bounds what verification canonicalizes and holds.
     */
    static final int MAX_ARC_BYTES = 256 * 1024;
    static final String AAR = "arc-authentication-results";
    static final String AMS = "arc-message-signature";
    static final String AS = "arc-seal";
    private static final Pattern AAR_INSTANCE = Pattern.compile("^[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]+)[ \t\r\n]*;(.*)$",
            Pattern.DOTALL);

    /** The chain is malformed, with the reason. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One ARC set: its three fields as written and the tags of its two signatures. */
    static final class Set {
        final int instance;
        final String aar;
        final String ams;
        final String seal;
        final TagList amsTags;
        final TagList sealTags;
        final String aarPayload;

        Set(int instance, String aar, String ams, String seal, TagList amsTags, TagList sealTags, String aarPayload) {
            this.instance = instance;
            this.aar = aar;
            this.ams = ams;
            this.seal = seal;
            this.amsTags = amsTags;
            this.sealTags = sealTags;
            this.aarPayload = aarPayload;
        }

        /** {@code cv=} as a result (the tag takes the three {@code arc=} keywords); null when it is none of them. */
        ArcResult cv() {
            String cv = TagList.trimFws(sealTags.get("cv"));
            for (ArcResult r : ArcResult.values()) {
                if (r.keyword().equalsIgnoreCase(cv)) {
                    return r;
                }
            }
            return null;
        }
    }

    private final List<Set> sets;

    private ArcChain(List<Set> sets) {
        this.sets = Collections.unmodifiableList(sets);
    }

    /** Set {@code i} (1-based). */
    Set set(int instance) {
        return sets.get(instance - 1);
    }

    int size() {
        return sets.size();
    }

    List<Set> sets() {
        return sets;
    }

    static boolean isArcField(String field) {
        String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
        return name.equals(AAR) || name.equals(AMS) || name.equals(AS);
    }

    /** Whether any header field is an ARC field. */
    static boolean present(List<String> fields) {
        for (String f : fields) {
            if (isArcField(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The highest instance number any ARC field carries, read leniently (0 when none can be read):
     * what a sealer numbers its own set after, whatever state the chain is in.
     */
    static int highestInstance(List<String> fields) {
        int max = 0;
        for (String f : fields) {
            if (!isArcField(f)) {
                continue;
            }
            try {
                max = Math.max(max, instanceOf(f));
            } catch (Invalid e) {
                // unreadable: does not count
            }
        }
        return max;
    }

    /** {@code d=} of the newest readable ARC-Seal, lower case; empty when none. */
    static String newestSealDomain(List<String> fields) {
        int best = 0;
        String domain = "";
        for (String f : fields) {
            if (RawMessage.nameOf(f).equalsIgnoreCase(AS)) {
                try {
                    TagList t = TagList.parse(RawMessage.valueOf(f));
                    int i = instance(t.get("i"), "ARC-Seal");
                    if (i > best && t.get("d") != null) {
                        best = i;
                        domain = t.get("d").toLowerCase(Locale.ROOT);
                    }
                } catch (DkimPermError | Invalid e) {
                    // unreadable seal: no domain to report
                }
            }
        }
        return domain;
    }

    /** The ARC sets of {@code fields} (a message's header fields, top to bottom), checked for structure. */
    static ArcChain parse(List<String> fields) throws Invalid {
        TreeMap<Integer, String[]> byInstance = new TreeMap<>();
        TreeMap<Integer, TagList[]> tags = new TreeMap<>();
        TreeMap<Integer, String> payloads = new TreeMap<>();
        int[] perKind = new int[3];
        long bytes = 0;
        for (String field : fields) {
            String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
            int slot = name.equals(AAR) ? 0 : name.equals(AMS) ? 1 : name.equals(AS) ? 2 : -1;
            if (slot >= 0 && ++perKind[slot] > MAX_INSTANCES) {
                throw new Invalid("more than " + MAX_INSTANCES + " ARC sets (RFC 8617 §4.2.1)");
            }
            bytes += slot >= 0 ? field.length() : 0;
        }
        if (bytes > MAX_ARC_BYTES) {
            throw new Invalid("ARC fields larger than " + MAX_ARC_BYTES + " bytes together");
        }
        for (String field : fields) {
            String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
            int slot = name.equals(AAR) ? 0 : name.equals(AMS) ? 1 : name.equals(AS) ? 2 : -1;
            if (slot < 0) {
                continue;
            }
            int instance;
            TagList t = null;
            if (slot == 0) {
                Matcher m = AAR_INSTANCE.matcher(RawMessage.valueOf(field));
                if (!m.matches()) {
                    throw new Invalid("ARC-Authentication-Results without a leading i= instance");
                }
                instance = instance(m.group(1), "ARC-Authentication-Results");
                payloads.put(instance, unfold(m.group(2)).trim());
            } else {
                String label = slot == 1 ? "ARC-Message-Signature" : "ARC-Seal";
                try {
                    t = TagList.parse(RawMessage.valueOf(field));
                } catch (DkimPermError e) {
                    throw new Invalid("malformed " + label + ": " + e.getMessage());
                }
                instance = instance(t.get("i"), label);
            }
            String[] set = byInstance.computeIfAbsent(instance, k -> new String[3]);
            if (set[slot] != null) {
                throw new Invalid("duplicate " + label(slot) + " for instance " + instance);
            }
            set[slot] = field;
            tags.computeIfAbsent(instance, k -> new TagList[3])[slot] = t;
        }
        if (byInstance.isEmpty()) {
            return new ArcChain(List.of());
        }
        int n = byInstance.lastKey();
        List<Set> sets = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String[] set = byInstance.get(i);
            if (set == null) {
                throw new Invalid("gap in the chain: no ARC set " + i + " of " + n);
            }
            for (int slot = 0; slot < 3; slot++) {
                if (set[slot] == null) {
                    throw new Invalid("ARC set " + i + " has no " + label(slot));
                }
            }
            TagList[] t = tags.get(i);
            sets.add(new Set(i, set[0], set[1], set[2], t[1], t[2], payloads.get(i)));
        }
        checkTags(sets, n);
        return new ArcChain(sets);
    }

    /** Required tags, h= rules and RFC 8617 §5.2 steps 2 and 3 for cv=, newest first. */
    private static void checkTags(List<Set> sets, int n) throws Invalid {
        for (Set s : sets) {
            for (String tag : new String[] {"a", "b", "cv", "d", "s"}) {
                if (!s.sealTags.has(tag)) {
                    throw new Invalid("ARC-Seal i=" + s.instance + " has no " + tag + "=");
                }
            }
            if (s.cv() == null) {
                throw new Invalid("ARC-Seal i=" + s.instance + " has an invalid cv="
                        + TagList.abbreviate(s.sealTags.get("cv")));
            }
        }
        Set newest = sets.get(n - 1);
        if (newest.cv() == ArcResult.FAIL) {
            throw new Invalid("the newest ARC-Seal (i=" + n + ") says cv=fail");
        }
        for (int i = n; i >= 1; i--) {
            Set s = sets.get(i - 1);
            ArcResult cv = s.cv();
            if (cv == ArcResult.FAIL) {
                throw new Invalid("ARC-Seal i=" + i + " says cv=fail");
            }
            if (i == 1 && cv != ArcResult.NONE) {
                throw new Invalid("ARC-Seal i=1 must say cv=none, says cv=" + cv.keyword());
            }
            if (i > 1 && cv != ArcResult.PASS) {
                throw new Invalid("ARC-Seal i=" + i + " must say cv=pass, says cv=" + cv.keyword());
            }
            if (s.sealTags.has("h")) {
                throw new Invalid("ARC-Seal i=" + i + " has an h= tag (not allowed, RFC 8617 §4.1.3)");
            }
            for (String tag : new String[] {"a", "b", "bh", "d", "h", "s"}) {
                if (!s.amsTags.has(tag)) {
                    throw new Invalid("ARC-Message-Signature i=" + i + " has no " + tag + "=");
                }
            }
            for (String h : s.amsTags.get("h").split(":", -1)) {
                if (TagList.stripFws(h).equalsIgnoreCase(AS)) {
                    throw new Invalid("ARC-Message-Signature i=" + i + " signs ARC-Seal (not allowed, RFC 8617 §4.1.2)");
                }
            }
        }
    }

    private static int instanceOf(String field) throws Invalid {
        String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
        if (name.equals(AAR)) {
            Matcher m = AAR_INSTANCE.matcher(RawMessage.valueOf(field));
            if (!m.matches()) {
                throw new Invalid("no instance");
            }
            return instance(m.group(1), "ARC-Authentication-Results");
        }
        try {
            return instance(TagList.parse(RawMessage.valueOf(field)).get("i"), name);
        } catch (DkimPermError e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** RFC 8617 §4.2.1: i= is 1 to 50. */
    private static int instance(String value, String label) throws Invalid {
        if (value == null) {
            throw new Invalid(label + " has no i= instance");
        }
        String v = TagList.trimFws(value);
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid(label + " has an invalid instance i=" + TagList.abbreviate(v));
        }
        int i = Integer.parseInt(v);
        if (i < 1 || i > MAX_INSTANCES) {
            throw new Invalid(label + " instance i=" + i + " outside 1.." + MAX_INSTANCES + " (RFC 8617 §4.2.1)");
        }
        return i;
    }

    private static String label(int slot) {
        return slot == 0 ? "ARC-Authentication-Results" : slot == 1 ? "ARC-Message-Signature" : "ARC-Seal";
    }

    /** Splits at the ';' between resinfos, not at those inside comments or quoted strings; trims each. */
    static List<String> splitResinfos(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == '\\' && depth > 0) {
                i++;
            } else if (c == ';' && depth == 0) {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(text.substring(Math.min(start, text.length())).trim());
        return out;
    }

    static String unfold(String value) {
        return value.replace("\r\n", "").replace("\n", "").replace("\r", "");
    }
}
