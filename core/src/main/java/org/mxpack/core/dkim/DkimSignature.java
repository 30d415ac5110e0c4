package org.mxpack.core.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One DKIM-Signature header field, parsed and checked against RFC 6376 §3.5 and §6.1.1. Anything
 * that makes the signature unusable is a {@link DkimPermError}; time checks are left to the verifier.
 */
final class DkimSignature {
    private final String field;
    private final SigningAlgorithm algorithm;
    private final Canonicalization headerCanon;
    private final Canonicalization bodyCanon;
    private final String domain;
    private final String selector;
    private final String identity;
    private final List<String> signedHeaders;
    private final long bodyLength;
    private final byte[] bodyHash;
    private final byte[] signature;
    private final long timestamp;
    private final long expiration;

    private DkimSignature(String field, SigningAlgorithm algorithm, Canonicalization headerCanon,
            Canonicalization bodyCanon, String domain, String selector, String identity, List<String> signedHeaders,
            long bodyLength, byte[] bodyHash, byte[] signature, long timestamp, long expiration) {
        this.field = field;
        this.algorithm = algorithm;
        this.headerCanon = headerCanon;
        this.bodyCanon = bodyCanon;
        this.domain = domain;
        this.selector = selector;
        this.identity = identity;
        this.signedHeaders = Collections.unmodifiableList(signedHeaders);
        this.bodyLength = bodyLength;
        this.bodyHash = bodyHash;
        this.signature = signature;
        this.timestamp = timestamp;
        this.expiration = expiration;
    }

    /** Parses the tag list of a DKIM-Signature field (the whole field, name included). */
    static DkimSignature parse(String field, TagList tags) throws DkimPermError {
        for (String required : new String[] {"v", "a", "b", "bh", "d", "h", "s"}) {
            if (!tags.has(required)) {
                throw new DkimPermError("missing required tag " + required + "=");
            }
        }
        if (!"1".equals(tags.get("v"))) {
            throw new DkimPermError("unsupported version v=" + TagList.abbreviate(tags.get("v")));
        }
        SigningAlgorithm algorithm = SigningAlgorithm.parse(tags.get("a"));
        Canonicalization headerCanon = Canonicalization.SIMPLE;
        Canonicalization bodyCanon = Canonicalization.SIMPLE;
        if (tags.has("c")) {
            String c = tags.get("c");
            int slash = c.indexOf('/');
            headerCanon = Canonicalization.parse(slash < 0 ? c : c.substring(0, slash));
            if (slash >= 0) {
                bodyCanon = Canonicalization.parse(c.substring(slash + 1));
            }
        }
        String domain = tags.get("d");
        if (!isDomainName(domain)) {
            throw new DkimPermError("invalid domain d=" + TagList.abbreviate(domain));
        }
        String selector = tags.get("s");
        if (!isDomainName(selector)) {
            throw new DkimPermError("invalid selector s=" + TagList.abbreviate(selector));
        }
        String identity = "@" + domain;
        if (tags.has("i")) {
            identity = decodeQuotedPrintable(tags.get("i"));
            int at = identity.lastIndexOf('@');
            if (at < 0) {
                throw new DkimPermError("i= has no @");
            }
            String idDomain = identity.substring(at + 1).toLowerCase(Locale.ROOT);
            String d = domain.toLowerCase(Locale.ROOT);
            if (!idDomain.equals(d) && !idDomain.endsWith("." + d)) {
                throw new DkimPermError("domain mismatch: i= is not in d=" + domain);
            }
        }
        List<String> headers = new ArrayList<>();
        for (String h : tags.get("h").split(":", -1)) {
            String name = TagList.stripFws(h).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new DkimPermError("empty header name in h=");
            }
            headers.add(name);
        }
        if (!headers.contains("from")) {
            throw new DkimPermError("From field not signed");
        }
        if (tags.has("q")) {
            boolean dnsTxt = false;
            for (String q : tags.get("q").split(":", -1)) {
                dnsTxt |= TagList.stripFws(q).equalsIgnoreCase("dns/txt");
            }
            if (!dnsTxt) {
                throw new DkimPermError("no supported query method in q=" + TagList.abbreviate(tags.get("q")));
            }
        }
        long length = tags.has("l") ? number(tags.get("l"), "l") : -1;
        long timestamp = tags.has("t") ? number(tags.get("t"), "t") : -1;
        long expiration = tags.has("x") ? number(tags.get("x"), "x") : -1;
        if (timestamp >= 0 && expiration >= 0 && expiration < timestamp) {
            throw new DkimPermError("x= is before t=");
        }
        byte[] bodyHash = base64(tags.get("bh"), "bh");
        byte[] signature = base64(tags.get("b"), "b");
        if (signature.length == 0) {
            throw new DkimPermError("empty b=");
        }
        return new DkimSignature(field, algorithm, headerCanon, bodyCanon, domain, selector, identity, headers,
                length, bodyHash, signature, timestamp, expiration);
    }

    /** sub-domain syntax: dot-separated labels of letters, digits, '-' and '_' (selectors may use '_'). */
    static boolean isDomainName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                    return false;
                }
            }
        }
        return true;
    }

    /** Digits only; values too large for a long saturate (a far-future x= is still valid). */
    private static long number(String value, String tag) throws DkimPermError {
        if (value.isEmpty() || value.length() > 76) {
            throw new DkimPermError("invalid " + tag + "=" + TagList.abbreviate(value));
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw new DkimPermError("invalid " + tag + "=" + TagList.abbreviate(value));
            }
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    static byte[] base64(String value, String tag) throws DkimPermError {
        try {
            return Base64.getDecoder().decode(TagList.stripFws(value));
        } catch (IllegalArgumentException e) {
            throw new DkimPermError("invalid base64 in " + tag + "=");
        }
    }

    /** RFC 6376 §2.11 dkim-quoted-printable: {@code =XX} escapes, white space ignored. */
    static String decodeQuotedPrintable(String value) throws DkimPermError {
        String s = TagList.stripFws(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (i + 2 >= s.length()) {
                    throw new DkimPermError("bad quoted-printable in i=");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new DkimPermError("bad quoted-printable in i=");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The whole header field as written. */
    String field() {
        return field;
    }

    SigningAlgorithm algorithm() {
        return algorithm;
    }

    Canonicalization headerCanon() {
        return headerCanon;
    }

    Canonicalization bodyCanon() {
        return bodyCanon;
    }

    String domain() {
        return domain;
    }

    String selector() {
        return selector;
    }

    String identity() {
        return identity;
    }

    /** {@code h=} names, lower case, in order (repeats = over-signing). */
    List<String> signedHeaders() {
        return signedHeaders;
    }

    /** {@code l=}, or -1. */
    long bodyLength() {
        return bodyLength;
    }

    byte[] bodyHash() {
        return bodyHash.clone();
    }

    byte[] signature() {
        return signature.clone();
    }

    /** {@code t=} in epoch seconds, or -1. */
    long timestamp() {
        return timestamp;
    }

    /** {@code x=} in epoch seconds, or -1. */
    long expiration() {
        return expiration;
    }

    /** The DNS name of the key record: {@code s._domainkey.d}. */
    String keyName() {
        return (selector + "._domainkey." + domain).toLowerCase(Locale.ROOT);
    }
}
