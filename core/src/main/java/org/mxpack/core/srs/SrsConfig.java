package org.mxpack.core.srs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one SRS rewriter, immutable. Defaults are those of libsrs2 and Mail::SRS, so that an
 * address one of them forwards, the other reverses: hash length 4, maximum age 21 days, separator
 * {@code =}. The first secret signs; every secret verifies (rotate by putting the new one first).
 * A configuration without secrets, or without a domain for forwarding, is accepted here and reported
 * as {@link SrsError#CONFIG} when used.
 */
public final class SrsConfig {
    public static final int DEFAULT_HASH_LENGTH = 4;
    public static final int DEFAULT_MAX_AGE_DAYS = 21;
    public static final char DEFAULT_SEPARATOR = '=';
    /** Base64 of a 20-byte HMAC-SHA1 without padding. */
    public static final int MAX_HASH_LENGTH = 27;
    /** Timestamps are days modulo 1024; a larger maximum age could not be checked. */
    public static final int MAX_MAX_AGE_DAYS = 1023;

    private final String domain;
    private final List<String> secrets;
    private final int hashLength;
    private final int hashMin;
    private final int maxAgeDays;
    private final char separator;

    private SrsConfig(String domain, List<String> secrets, int hashLength, int hashMin, int maxAgeDays,
                      char separator) {
        this.domain = domain;
        this.secrets = secrets;
        this.hashLength = hashLength;
        this.hashMin = hashMin;
        this.maxAgeDays = maxAgeDays;
        this.separator = separator;
    }

    /**
     * @param domain  our SRS domain, the one forwarded senders get ({@code fwd.example.net}); an address
     *                ({@code srs@fwd.example.net}) means its domain, as in libsrs2; "" for reverse only
     * @param secrets the first signs, all verify
     */
    public static SrsConfig of(String domain, List<String> secrets) {
        List<String> copy = new ArrayList<>();
        for (String s : secrets) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("an SRS secret must not be empty");
            }
            copy.add(s);
        }
        return new SrsConfig(domainOf(domain), Collections.unmodifiableList(copy), DEFAULT_HASH_LENGTH,
                DEFAULT_HASH_LENGTH, DEFAULT_MAX_AGE_DAYS, DEFAULT_SEPARATOR);
    }

    /** A configuration that can only reverse. */
    public static SrsConfig forReverse(List<String> secrets) {
        return of("", secrets);
    }

    private static String domainOf(String domain) {
        String d = domain == null ? "" : domain.trim();
        return d.substring(d.lastIndexOf('@') + 1);
    }

    public SrsConfig withDomain(String newDomain) {
        return new SrsConfig(domainOf(newDomain), secrets, hashLength, hashMin, maxAgeDays, separator);
    }

    /** Hash characters written by forward; also the minimum reverse accepts unless {@link #withHashMin}. */
    public SrsConfig withHashLength(int length) {
        if (length < 1 || length > MAX_HASH_LENGTH) {
            throw new IllegalArgumentException("SRS hash length must be 1.." + MAX_HASH_LENGTH + ", not " + length);
        }
        return new SrsConfig(domain, secrets, length, Math.min(hashMin == hashLength ? length : hashMin, length),
                maxAgeDays, separator);
    }

    /** Shortest hash reverse accepts (Mail::SRS HashMin), for a transition to longer hashes. */
    public SrsConfig withHashMin(int min) {
        if (min < 1 || min > hashLength) {
            throw new IllegalArgumentException("SRS minimum hash length must be 1.." + hashLength + ", not " + min);
        }
        return new SrsConfig(domain, secrets, hashLength, min, maxAgeDays, separator);
    }

    public SrsConfig withMaxAgeDays(int days) {
        if (days < 0 || days > MAX_MAX_AGE_DAYS) {
            throw new IllegalArgumentException("SRS maximum age must be 0.." + MAX_MAX_AGE_DAYS + " days, not " + days);
        }
        return new SrsConfig(domain, secrets, hashLength, hashMin, days, separator);
    }

    /** The character after SRS0/SRS1 in forwarded addresses: {@code =}, {@code +} or {@code -}. */
    public SrsConfig withSeparator(char c) {
        if (c != '=' && c != '+' && c != '-') {
            throw new IllegalArgumentException("SRS separator must be = + or -, not " + c);
        }
        return new SrsConfig(domain, secrets, hashLength, hashMin, maxAgeDays, c);
    }

    /** Our SRS domain, or "" when none is configured. */
    public String domain() {
        return domain;
    }

    public List<String> secrets() {
        return secrets;
    }

    public int hashLength() {
        return hashLength;
    }

    public int hashMin() {
        return hashMin;
    }

    public int maxAgeDays() {
        return maxAgeDays;
    }

    public char separator() {
        return separator;
    }

    /** Never shows the secrets. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SrsConfig[domain=%s, secrets=%d, hashLength=%d, hashMin=%d, maxAge=%dd, "
                + "separator=%c]", domain, secrets.size(), hashLength, hashMin, maxAgeDays, separator);
    }
}
