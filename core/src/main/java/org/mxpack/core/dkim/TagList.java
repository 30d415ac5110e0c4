package org.mxpack.core.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 6376 §3.2 tag=value list, shared by DKIM-Signature fields and key records. Values are trimmed of
 * surrounding folding white space; a duplicate tag or a tag without {@code =} is an error. Public for
 * {@code org.mxpack.core.arc}, whose ARC-Seal and ARC-Message-Signature fields are tag lists too.
 */
public final class TagList {
    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    public static TagList parse(String text) throws DkimPermError {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : text.split(";", -1)) {
            if (isBlank(spec)) {
                continue; // a trailing ";" (and, leniently, an empty spec) carries nothing
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new DkimPermError("tag without value: '" + abbreviate(spec.trim()) + "'");
            }
            String name = spec.substring(0, eq).trim();
            if (!isTagName(name)) {
                throw new DkimPermError("invalid tag name '" + abbreviate(name) + "'");
            }
            if (out.put(name, trimFws(spec.substring(eq + 1))) != null) {
                throw new DkimPermError("duplicate tag " + name + "=");
            }
        }
        return new TagList(out);
    }

    public String get(String name) {
        return tags.get(name);
    }

    public boolean has(String name) {
        return tags.containsKey(name);
    }

    Map<String, String> asMap() {
        return tags;
    }

    /** The first tag in the list, or null when empty (key records require {@code v=} to come first). */
    String firstName() {
        return tags.isEmpty() ? null : tags.keySet().iterator().next();
    }

    /** ALPHA *(ALPHA / DIGIT / "_"). */
    static boolean isTagName(String s) {
        if (s.isEmpty() || !isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isFws(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static String trimFws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isFws(s.charAt(start))) {
            start++;
        }
        while (end > start && isFws(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Removes all folding white space (for base64 values such as {@code b=}, {@code bh=}, {@code p=}). */
    public static String stripFws(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isFws(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A base64 tag value ({@code b=}, {@code bh=}, {@code p=}), folding white space ignored. */
    public static byte[] base64(String value, String tag) throws DkimPermError {
        return DkimSignature.base64(value, tag);
    }

    /** {@code d=} / {@code s=} syntax: dot-separated labels of letters, digits, '-' and '_'. */
    public static boolean isDomainName(String s) {
        return DkimSignature.isDomainName(s);
    }

    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
