package org.mxpack.core.arc;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;

import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** Reads the sealer's RSA private key: PEM PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
public final class ArcKeys {
    private ArcKeys() {
    }

    /** The key in {@code pem}; the message of the exception never quotes the key. */
    public static PrivateKey rsaPrivateKey(String pem) throws GeneralSecurityException {
        boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
        boolean pkcs8 = pem.contains("-----BEGIN PRIVATE KEY-----");
        if (!pkcs1 && !pkcs8) {
            throw new GeneralSecurityException("not a PEM RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        }
        String marker = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
        int start = pem.indexOf("-----BEGIN " + marker + "-----") + ("-----BEGIN " + marker + "-----").length();
        int end = pem.indexOf("-----END " + marker + "-----", start);
        if (end < 0) {
            throw new GeneralSecurityException("PEM key without its END line");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start, end));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("PEM key is not base64");
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        try {
            if (pkcs8) {
                return rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            return rsa.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                    k.getCoefficient()));
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("unreadable RSA private key");
        }
    }

    /** PEM PKCS#1 text of an RSA private key (for tests and tools that want the classic form). */
    public static String toPkcs1Pem(java.security.interfaces.RSAPrivateCrtKey key) {
        RSAPrivateKey k = new RSAPrivateKey(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient());
        try {
            return "-----BEGIN RSA PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(k.getEncoded())
                    + "\n-----END RSA PRIVATE KEY-----\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
