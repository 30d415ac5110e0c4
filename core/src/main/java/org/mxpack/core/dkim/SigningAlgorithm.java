package org.mxpack.core.dkim;

import java.util.Locale;

/** The {@code a=} values this verifier implements (RFC 6376 §3.3, RFC 8463 §3). */
public enum SigningAlgorithm {
    RSA_SHA1("rsa-sha1", "rsa", "sha1", "SHA-1"),
    RSA_SHA256("rsa-sha256", "rsa", "sha256", "SHA-256"),
    ED25519_SHA256("ed25519-sha256", "ed25519", "sha256", "SHA-256");

    private final String keyword;
    private final String keyType;
    private final String hashName;
    private final String digest;

    SigningAlgorithm(String keyword, String keyType, String hashName, String digest) {
        this.keyword = keyword;
        this.keyType = keyType;
        this.hashName = hashName;
        this.digest = digest;
    }

    public static SigningAlgorithm parse(String text) throws DkimPermError {
        String t = text.toLowerCase(Locale.ROOT);
        for (SigningAlgorithm a : values()) {
            if (a.keyword.equals(t)) {
                return a;
            }
        }
        throw new DkimPermError("unsupported algorithm a=" + TagList.abbreviate(text));
    }

    public String keyword() {
        return keyword;
    }

    /** The key record's {@code k=} this algorithm needs. */
    String keyType() {
        return keyType;
    }

    /** The name in a key record's {@code h=} list. */
    String hashName() {
        return hashName;
    }

    /** The JCA MessageDigest name. */
    public String digest() {
        return digest;
    }
}
