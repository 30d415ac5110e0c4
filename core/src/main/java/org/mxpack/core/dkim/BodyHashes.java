package org.mxpack.core.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body hashes a message's signatures need, computed in one pass over the body as it streams by:
 * one canonicalizer per canonicalization, feeding one digest per (canonicalization, algorithm, l=).
 * Memory is constant; each signature asks for its hash afterwards. Shared with the ARC verifier.
 */
public final class BodyHashes {
    private final Map<Canonicalization, BodyCanonicalizer> canonicalizers = new EnumMap<>(Canonicalization.class);
    private final Map<Canonicalization, List<LimitedDigest>> digests = new EnumMap<>(Canonicalization.class);
    private final Map<String, LimitedDigest> byKey = new HashMap<>();
    private final Map<Canonicalization, Long> lengths = new EnumMap<>(Canonicalization.class);

    /** Asks for the hash of the body under {@code c} with {@code digest}, over at most {@code limit} bytes (-1: all). */
    public void want(Canonicalization c, String digest, long limit) {
        byKey.computeIfAbsent(key(c, digest, limit), k -> {
            LimitedDigest d = new LimitedDigest(digest, limit);
            digests.computeIfAbsent(c, x -> new ArrayList<>()).add(d);
            canonicalizers.computeIfAbsent(c, x -> new BodyCanonicalizer(x, (b, off, len) -> {
                for (LimitedDigest each : digests.get(x)) {
                    each.update(b, off, len);
                }
            }));
            return d;
        });
    }

    public void update(byte[] b, int off, int len) {
        for (BodyCanonicalizer c : canonicalizers.values()) {
            c.update(b, off, len);
        }
    }

    public void finish() {
        for (Map.Entry<Canonicalization, BodyCanonicalizer> e : canonicalizers.entrySet()) {
            lengths.put(e.getKey(), e.getValue().finish());
        }
    }

    /** The canonical body length under {@code c} (after {@link #finish()}). */
    public long length(Canonicalization c) {
        return lengths.getOrDefault(c, 0L);
    }

    /** The hash asked for with {@link #want} (after {@link #finish()}). */
    public byte[] hash(Canonicalization c, String digest, long limit) {
        return byKey.get(key(c, digest, limit)).digest();
    }

    private static String key(Canonicalization c, String digest, long limit) {
        return c + "/" + digest + "/" + limit;
    }

    /** A digest over the first {@code limit} bytes it is given (all when negative). */
    private static final class LimitedDigest {
        private final MessageDigest md;
        private long remaining;
        private byte[] result;

        LimitedDigest(String algorithm, long limit) {
            try {
                md = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            remaining = limit < 0 ? Long.MAX_VALUE : limit;
        }

        void update(byte[] b, int off, int len) {
            int take = (int) Math.min(len, remaining);
            if (take > 0) {
                md.update(b, off, take);
                remaining -= take;
            }
        }

        byte[] digest() {
            if (result == null) {
                result = md.digest();
            }
            return result.clone();
        }
    }
}
