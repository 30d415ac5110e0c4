package org.mxpack.core.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRS hash as libsrs2 and Mail::SRS compute it: HMAC-SHA1 keyed with the secret over the fields
 * concatenated without separators, each with ASCII letters lower-cased (C {@code tolower}, Perl
 * {@code lc} on bytes), then base64 (A-Z a-z 0-9 + /) truncated. Strings are taken as UTF-8 bytes.
 */
final class SrsHash {
    private static final String ALGORITHM = "HmacSHA1";

    private final List<SecretKeySpec> keys = new ArrayList<>();

    SrsHash(List<String> secrets) {
        for (String s : secrets) {
            keys.add(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
    }

    boolean hasSecret() {
        return !keys.isEmpty();
    }

    /** The first {@code length} base64 characters of the hash under the first (signing) secret. */
    String create(int length, String... fields) {
        return full(keys.get(0), fields).substring(0, length);
    }

    /**
     * True if {@code hash} is a prefix of the hash under any secret, compared case-insensitively (a
     * relay may have smashed the case of the local part; libsrs2 uses strncasecmp, Mail::SRS warns and
     * accepts). The caller checks the minimum length.
     */
    boolean verify(String hash, String... fields) {
        if (hash.length() > SrsConfig.MAX_HASH_LENGTH) {
            return false;
        }
        byte[] given = lower(hash);
        boolean match = false;
        for (SecretKeySpec key : keys) {
            byte[] valid = lower(full(key, fields).substring(0, hash.length()));
            // Constant time per secret; try them all so timing does not tell which one matched.
            match |= MessageDigest.isEqual(given, valid);
        }
        return match;
    }

    private static String full(SecretKeySpec key, String... fields) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (String f : fields) {
                mac.update(lower(f));
            }
            return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }

    /** UTF-8 bytes with only A-Z lower-cased, as C tolower in the "C" locale and Perl lc on bytes. */
    static byte[] lower(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                b[i] = (byte) (b[i] + ('a' - 'A'));
            }
        }
        return b;
    }
}
