/**
 * DKIM verification (RFC 6376, RFC 8301, RFC 8463) behind the pack's {@code Dns} port.
 *
 * <p>Entry point: {@link org.mxpack.core.dkim.DkimVerifier#verify(byte[])} gives a
 * {@link org.mxpack.core.dkim.DkimVerdict} with one {@link org.mxpack.core.dkim.DkimSignatureVerdict} per
 * DKIM-Signature (up to {@link org.mxpack.core.dkim.DkimPolicy#maxSignatures()}); knobs live in
 * {@link org.mxpack.core.dkim.DkimPolicy}.
 *
 * <p>The pipeline is our own, not jDKIM 0.3's: jDKIM has no Ed25519 (RFC 8463 is a MUST for verifiers),
 * reports one outcome per message rather than per signature, cannot express "verified but refused by local
 * policy" (RFC 8601 {@code policy}: rsa-sha1, short keys per RFC 8301) and fetches keys synchronously. Here
 * key lookups of all signatures overlap while the caller's thread hashes the body once per
 * canonicalization. {@link org.mxpack.core.dkim.DkimSigner} signs with the same canonicalization code, for
 * tests and the benchmark only.
 */
package org.mxpack.core.dkim;
