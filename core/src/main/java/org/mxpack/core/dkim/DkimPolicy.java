package org.mxpack.core.dkim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Local policy knobs of the DKIM verifier; every default is declared here, once.
 *
 * <p>A signature that verifies cryptographically but that this policy refuses (rsa-sha1 when not
 * allowed, an RSA key shorter than {@link #minRsaBits()}) gets {@link DkimResult#POLICY} with the reason,
 * as RFC 8601 §2.7.1 defines "policy". Signatures beyond {@link #maxSignatures()} are not verified.
 */
public final class DkimPolicy {
    /** RFC 8301 §3.2: verifiers must not consider keys under 1024 bits valid. */
    public static final int DEFAULT_MIN_RSA_BITS = 1024;
    /** RFC 8301 §3.1: rsa-sha1 must not be considered valid. */
    public static final boolean DEFAULT_ALLOW_RSA_SHA1 = false;
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(300);
    public static final LengthTag DEFAULT_LENGTH_TAG = LengthTag.ACCEPT;
    public static final int DEFAULT_MAX_SIGNATURES = 5;
    /** The header section is parsed in memory; beyond this the message is not verified. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
    /** Bodies larger than this are not hashed (the message verdict is neutral). */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** What to do with a signature carrying {@code l=} (body length limit, RFC 6376 §8.2). */
    public enum LengthTag {
        /** Verify the signed prefix of the body (RFC 6376 behaviour). */
        ACCEPT,
        /** Treat the signature as a permerror: unsigned content could be appended. */
        PERMERROR
    }

    private static final DkimPolicy DEFAULTS = new DkimPolicy(DEFAULT_MIN_RSA_BITS, DEFAULT_ALLOW_RSA_SHA1,
            DEFAULT_CLOCK_SKEW, DEFAULT_LENGTH_TAG, DEFAULT_MAX_SIGNATURES, DEFAULT_MAX_HEADER_BYTES,
            DEFAULT_MAX_BODY_BYTES, Clock.systemUTC());

    private final int minRsaBits;
    private final boolean allowRsaSha1;
    private final Duration clockSkew;
    private final LengthTag lengthTag;
    private final int maxSignatures;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final Clock clock;

    private DkimPolicy(int minRsaBits, boolean allowRsaSha1, Duration clockSkew, LengthTag lengthTag,
            int maxSignatures, int maxHeaderBytes, int maxBodyBytes, Clock clock) {
        if (minRsaBits < 0 || maxSignatures < 0 || maxHeaderBytes < 0 || maxBodyBytes < 0 || clockSkew.isNegative()) {
            throw new IllegalArgumentException("DKIM policy values must not be negative");
        }
        this.minRsaBits = minRsaBits;
        this.allowRsaSha1 = allowRsaSha1;
        this.clockSkew = Objects.requireNonNull(clockSkew);
        this.lengthTag = Objects.requireNonNull(lengthTag);
        this.maxSignatures = maxSignatures;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Objects.requireNonNull(clock);
    }

    public static DkimPolicy defaults() {
        return DEFAULTS;
    }

    public DkimPolicy withMinRsaBits(int value) {
        return new DkimPolicy(value, allowRsaSha1, clockSkew, lengthTag, maxSignatures, maxHeaderBytes,
                maxBodyBytes, clock);
    }

    public DkimPolicy withAllowRsaSha1(boolean value) {
        return new DkimPolicy(minRsaBits, value, clockSkew, lengthTag, maxSignatures, maxHeaderBytes,
                maxBodyBytes, clock);
    }

    public DkimPolicy withClockSkew(Duration value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, value, lengthTag, maxSignatures, maxHeaderBytes,
                maxBodyBytes, clock);
    }

    public DkimPolicy withLengthTag(LengthTag value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, clockSkew, value, maxSignatures, maxHeaderBytes,
                maxBodyBytes, clock);
    }

    public DkimPolicy withMaxSignatures(int value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, clockSkew, lengthTag, value, maxHeaderBytes,
                maxBodyBytes, clock);
    }

    public DkimPolicy withMaxHeaderBytes(int value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, clockSkew, lengthTag, maxSignatures, value,
                maxBodyBytes, clock);
    }

    public DkimPolicy withMaxBodyBytes(int value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, clockSkew, lengthTag, maxSignatures, maxHeaderBytes,
                value, clock);
    }

    /** The clock that decides {@code t=} / {@code x=}; inject a fixed one in tests and the CLI's {@code --now}. */
    public DkimPolicy withClock(Clock value) {
        return new DkimPolicy(minRsaBits, allowRsaSha1, clockSkew, lengthTag, maxSignatures, maxHeaderBytes,
                maxBodyBytes, value);
    }

    public int minRsaBits() {
        return minRsaBits;
    }

    public boolean allowRsaSha1() {
        return allowRsaSha1;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public LengthTag lengthTag() {
        return lengthTag;
    }

    public int maxSignatures() {
        return maxSignatures;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "DkimPolicy[minRsaBits=" + minRsaBits + ", allowRsaSha1=" + allowRsaSha1 + ", clockSkew="
                + clockSkew + ", lengthTag=" + lengthTag + ", maxSignatures=" + maxSignatures + "]";
    }
}
