package org.mxpack.core.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A DKIM key record (RFC 6376 §3.6.1, RFC 8463 §4) parsed from TXT text, and the signature check
 * it performs.
 *
 * <p>{@code g=} (RFC 4871 §3.6.1 granularity) is still enforced when present, although RFC 6376 dropped
 * it: jDKIM 0.3 (what James shipped) and Mail::DKIM enforce it too, the conformance suite expects it, and
 * it can only refuse a signature, never make one pass. Keys without {@code g=} are unaffected.
 */
public final class DkimKey {
    private final String keyType;
    private final String hashes;
    private final String granularity;
    private final boolean strictIdentity;
    private final boolean testing;
    private final PublicKey rsaKey;
    private final Ed25519PublicKeyParameters edKey;

    private DkimKey(String keyType, String hashes, String granularity, boolean strictIdentity, boolean testing,
            PublicKey rsaKey,
            Ed25519PublicKeyParameters edKey) {
        this.keyType = keyType;
        this.hashes = hashes;
        this.granularity = granularity;
        this.strictIdentity = strictIdentity;
        this.testing = testing;
        this.rsaKey = rsaKey;
        this.edKey = edKey;
    }

    /**
     * Keys parsed recently, by record text: the same few keys sign most mail, and turning a record into
     * a key (base64, DER, KeyFactory) costs more than the verification around it. Bounded by the
     * records' total length, so a sender publishing ever new (or huge) keys only evicts older ones.
     */
    private static final Cache<String, DkimKey> PARSED = CacheBuilder.newBuilder()
            .maximumWeight(1 << 20).weigher((String record, DkimKey key) -> record.length())
            .build();

    /** Parses a key record; a record seen before gives the key parsed then (keys are immutable). */
    public static DkimKey parse(String record) throws DkimPermError {
        DkimKey known = PARSED.getIfPresent(record);
        if (known != null) {
            return known;
        }
        DkimKey key = parseNow(record);
        PARSED.put(record, key);
        return key;
    }

    private static DkimKey parseNow(String record) throws DkimPermError {
        TagList tags = TagList.parse(record);
        if (tags.has("v") && !("v".equals(tags.firstName()) && "DKIM1".equals(tags.get("v")))) {
            throw new DkimPermError("key record v= is not DKIM1 first");
        }
        if (!tags.has("p")) {
            throw new DkimPermError("key record has no p=");
        }
        String p = TagList.stripFws(tags.get("p"));
        if (p.isEmpty()) {
            throw new DkimPermError("key revoked (empty p=)");
        }
        String keyType = tags.has("k") ? tags.get("k").toLowerCase(Locale.ROOT) : "rsa";
        if (tags.has("s") && !listContains(tags.get("s"), "email") && !listContains(tags.get("s"), "*")) {
            throw new DkimPermError("key not for email (s=" + TagList.abbreviate(tags.get("s")) + ")");
        }
        boolean strict = false;
        boolean testing = false;
        if (tags.has("t")) {
            strict = listContains(tags.get("t"), "s");
            testing = listContains(tags.get("t"), "y");
        }
        byte[] der = DkimSignature.base64(p, "p");
        PublicKey rsa = null;
        Ed25519PublicKeyParameters ed = null;
        switch (keyType) {
            case "rsa":
                rsa = rsaKey(der);
                break;
            case "ed25519":
                if (der.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                    throw new DkimPermError("ed25519 key of " + der.length + " bytes, not 32");
                }
                ed = new Ed25519PublicKeyParameters(der, 0);
                break;
            default:
                throw new DkimPermError("unknown key type k=" + TagList.abbreviate(keyType));
        }
        return new DkimKey(keyType, tags.get("h"), tags.get("g"), strict, testing, rsa, ed);
    }

    /** SubjectPublicKeyInfo as RFC 6376 requires; a bare PKCS#1 RSAPublicKey is accepted as well. */
    private static PublicKey rsaKey(byte[] der) throws DkimPermError {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            try {
                return factory.generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                org.bouncycastle.asn1.pkcs.RSAPublicKey pkcs1 = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
                return factory.generatePublic(new RSAPublicKeySpec(pkcs1.getModulus(), pkcs1.getPublicExponent()));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DkimPermError("unparseable RSA key in p=");
        }
    }

    private static boolean listContains(String list, String item) {
        for (String s : list.split(":", -1)) {
            if (TagList.stripFws(s).equalsIgnoreCase(item)) {
                return true;
            }
        }
        return false;
    }

    /** Checks that this key may serve a signature of {@code algorithm} and identity {@code i=}. */
    void checkUsableFor(DkimSignature sig) throws DkimPermError {
        checkUsableFor(sig.algorithm());
        String id = sig.identity();
        if (granularity != null && !matchesGranularity(granularity, id.substring(0, id.lastIndexOf('@')))) {
            throw new DkimPermError("key g=" + TagList.abbreviate(granularity) + " does not match the i= local part");
        }
        if (strictIdentity) {
            String idDomain = id.substring(id.lastIndexOf('@') + 1);
            if (!idDomain.equalsIgnoreCase(sig.domain())) {
                throw new DkimPermError("key t=s forbids i= subdomain of d=");
            }
        }
    }

    /**
     * Checks that this key may serve a signature of {@code algorithm}: key type ({@code k=}) and hash
     * ({@code h=}). ARC signatures have no identity, so this is all of RFC 6376 §6.1.2 that applies to them.
     */
    public void checkUsableFor(SigningAlgorithm algorithm) throws DkimPermError {
        if (!keyType.equals(algorithm.keyType())) {
            throw new DkimPermError("key type k=" + keyType + " does not match a=" + algorithm.keyword());
        }
        if (hashes != null && !listContains(hashes, algorithm.hashName())) {
            throw new DkimPermError("inappropriate hash algorithm: key h=" + TagList.abbreviate(hashes));
        }
    }

    /** RFC 4871: the local part, case-sensitive, against a pattern with at most one '*'; empty matches nothing. */
    static boolean matchesGranularity(String pattern, String localPart) {
        if (pattern.isEmpty()) {
            return false;
        }
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(localPart);
        }
        String prefix = pattern.substring(0, star);
        String suffix = pattern.substring(star + 1);
        return localPart.length() >= prefix.length() + suffix.length() && localPart.startsWith(prefix)
                && localPart.endsWith(suffix);
    }

    /** RSA modulus size in bits; 0 for non-RSA keys. */
    public int rsaBits() {
        return rsaKey instanceof RSAPublicKey ? ((RSAPublicKey) rsaKey).getModulus().bitLength() : 0;
    }

    /** {@code t=y}: the domain is testing DKIM (reported, not enforced). */
    boolean testing() {
        return testing;
    }

    /** Verifies {@code signature} over the canonicalized header data (RFC 8463: Ed25519 signs its SHA-256). */
    public boolean verify(SigningAlgorithm algorithm, byte[] data, byte[] signature) {
        try {
            if (edKey != null) {
                byte[] hash = MessageDigest.getInstance(algorithm.digest()).digest(data);
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(false, edKey);
                signer.update(hash, 0, hash.length);
                return signer.verifySignature(signature);
            }
            Signature rsa = Signature.getInstance(algorithm == SigningAlgorithm.RSA_SHA1 ? "SHA1withRSA" : "SHA256withRSA");
            rsa.initVerify(rsaKey);
            rsa.update(data);
            return rsa.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a malformed signature value is a failed verification
        }
    }
}
