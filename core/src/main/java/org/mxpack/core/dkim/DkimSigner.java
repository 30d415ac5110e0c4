package org.mxpack.core.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A small DKIM signer (rsa-sha256, rsa-sha1, ed25519-sha256) built on the verifier's canonicalization.
 * It exists for tests, the benchmark and demos (messages signed with keys they generate); no hook signs
 * outbound mail with it. Immutable: each {@code with...} returns a copy.
 */
public final class DkimSigner {
    private final String algorithm;
    private final PrivateKey rsaKey;
    private final Ed25519PrivateKeyParameters edKey;
    private final String domain;
    private final String selector;
    private final List<String> headers;
    private final String canonicalization;
    private final long bodyLength;
    private final long timestamp;
    private final long expiration;
    private final String identity;

    private DkimSigner(String algorithm, PrivateKey rsaKey, Ed25519PrivateKeyParameters edKey, String domain,
            String selector, List<String> headers, String canonicalization, long bodyLength, long timestamp,
            long expiration, String identity) {
        this.algorithm = algorithm;
        this.rsaKey = rsaKey;
        this.edKey = edKey;
        this.domain = Objects.requireNonNull(domain);
        this.selector = Objects.requireNonNull(selector);
        this.headers = List.copyOf(headers);
        this.canonicalization = canonicalization;
        this.bodyLength = bodyLength;
        this.timestamp = timestamp;
        this.expiration = expiration;
        this.identity = identity;
    }

    private static final List<String> DEFAULT_HEADERS = List.of("from", "to", "subject", "date", "message-id");

    public static DkimSigner rsaSha256(PrivateKey key, String domain, String selector) {
        return new DkimSigner("rsa-sha256", key, null, domain, selector, DEFAULT_HEADERS, "relaxed/relaxed", -1, -1,
                -1, null);
    }

    public static DkimSigner rsaSha1(PrivateKey key, String domain, String selector) {
        return new DkimSigner("rsa-sha1", key, null, domain, selector, DEFAULT_HEADERS, "relaxed/relaxed", -1, -1,
                -1, null);
    }

    public static DkimSigner ed25519Sha256(Ed25519PrivateKeyParameters key, String domain, String selector) {
        return new DkimSigner("ed25519-sha256", null, key, domain, selector, DEFAULT_HEADERS, "relaxed/relaxed", -1,
                -1, -1, null);
    }

    /** The {@code h=} list; repeat a name to over-sign it. */
    public DkimSigner withHeaders(List<String> value) {
        return new DkimSigner(algorithm, rsaKey, edKey, domain, selector, value, canonicalization, bodyLength,
                timestamp, expiration, identity);
    }

    /** {@code c=}, e.g. {@code "simple/simple"}. */
    public DkimSigner withCanonicalization(String value) {
        return new DkimSigner(algorithm, rsaKey, edKey, domain, selector, headers, value, bodyLength, timestamp,
                expiration, identity);
    }

    /** {@code l=}: sign only this many bytes of the canonical body. */
    public DkimSigner withBodyLength(long value) {
        return new DkimSigner(algorithm, rsaKey, edKey, domain, selector, headers, canonicalization, value,
                timestamp, expiration, identity);
    }

    /** {@code t=} and {@code x=} (epoch seconds; -1 leaves a tag out). */
    public DkimSigner withTimes(long t, long x) {
        return new DkimSigner(algorithm, rsaKey, edKey, domain, selector, headers, canonicalization, bodyLength,
                t, x, identity);
    }

    public DkimSigner withIdentity(String value) {
        return new DkimSigner(algorithm, rsaKey, edKey, domain, selector, headers, canonicalization, bodyLength,
                timestamp, expiration, value);
    }

    /** Returns the message with a DKIM-Signature field prepended (CRLF line ends in the output). */
    public byte[] sign(byte[] rawMessage) throws GeneralSecurityException {
        RawMessage message;
        try {
            message = RawMessage.parse(rawMessage, Integer.MAX_VALUE, Integer.MAX_VALUE);
            String[] canon = canonicalization.split("/", -1);
            Canonicalization headerCanon = Canonicalization.parse(canon[0]);
            Canonicalization bodyCanon = canon.length > 1 ? Canonicalization.parse(canon[1]) : Canonicalization.SIMPLE;
            SigningAlgorithm alg = SigningAlgorithm.parse(algorithm);
            byte[] body = bodyCanon.body(message.bodyBytes(), message.bodyOffset(), message.bodyLength());
            int length = bodyLength >= 0 ? (int) Math.min(bodyLength, body.length) : body.length;
            MessageDigest md = MessageDigest.getInstance(alg.digest());
            md.update(body, 0, length);
            StringBuilder field = new StringBuilder("DKIM-Signature: v=1; a=").append(algorithm)
                    .append("; c=").append(canonicalization).append("; d=").append(domain)
                    .append("; s=").append(selector);
            if (identity != null) {
                field.append("; i=").append(identity);
            }
            if (timestamp >= 0) {
                field.append("; t=").append(timestamp);
            }
            if (expiration >= 0) {
                field.append("; x=").append(expiration);
            }
            if (bodyLength >= 0) {
                field.append("; l=").append(length);
            }
            field.append(";\r\n\th=").append(String.join(":", headers))
                    .append(";\r\n\tbh=").append(Base64.getEncoder().encodeToString(md.digest()))
                    .append(";\r\n\tb=");
            DkimSignature sig = DkimSignature.parse(field + "AA==", TagList.parse(
                    RawMessage.valueOf(field + "AA==")));
            Map<String, List<String>> byName = new HashMap<>();
            for (String f : message.fields()) {
                byName.computeIfAbsent(RawMessage.nameOf(f).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
            }
            byte[] data = DkimVerifier.headerData(sig, byName);
            byte[] signature = signData(alg, data);
            field.append(Base64.getEncoder().encodeToString(signature)).append("\r\n");
            byte[] crlf = RawMessage.toCrlf(rawMessage);
            byte[] head = field.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[head.length + crlf.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(crlf, 0, out, head.length, crlf.length);
            return out;
        } catch (DkimPermError e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage());
        }
    }

    private byte[] signData(SigningAlgorithm alg, byte[] data) throws GeneralSecurityException {
        if (edKey != null) {
            byte[] hash = MessageDigest.getInstance(alg.digest()).digest(data);
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, edKey);
            signer.update(hash, 0, hash.length);
            return signer.generateSignature();
        }
        Signature rsa = Signature.getInstance(alg == SigningAlgorithm.RSA_SHA1 ? "SHA1withRSA" : "SHA256withRSA");
        rsa.initSign(rsaKey);
        rsa.update(data);
        return rsa.sign();
    }
}
