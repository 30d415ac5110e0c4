/**
 * ARC, the Authenticated Received Chain (RFC 8617): verification and sealing, in a package of its own
 * that nothing else in core depends on (ARC is Experimental and may be retired in favour of DKIM2).
 *
 * <p>{@link org.mxpack.core.arc.ArcVerifier} validates a message's chain over the {@code Dns} port with the
 * DKIM package's canonicalization, body hashing, key records and signature checks, and gives an immutable
 * {@link org.mxpack.core.arc.ArcVerdict} ({@link org.mxpack.core.arc.ArcResult} pass / fail / none, the
 * number of sets, oldest-pass, the reason, the newest sealer's domain and ARC-Authentication-Results, and
 * {@code toMap()/fromMap()} for mail attributes). {@link org.mxpack.core.arc.ArcSealer} adds one
 * {@link org.mxpack.core.arc.ArcSet} (ARC-Authentication-Results, ARC-Message-Signature, ARC-Seal;
 * rsa-sha256) for the next hop; {@link org.mxpack.core.arc.ArcKeys} reads its PEM key.
 *
 * <p>Readings of RFC 8617 this code takes: structure first (§5.2 steps 1-3: numbering 1..N, at most 50
 * sets, one field of each kind per set, {@code cv=} none at 1 and pass after, any {@code cv=fail} fails);
 * then the newest AMS must validate, then oldest-pass, then every AS newest first. An AMS without
 * {@code c=} is simple/simple as in DKIM (RFC 8617 §4.1.2 inherits DKIM's tags; dkimpy assumes relaxed);
 * an AS is always relaxed. Older AMSs that no longer validate only lower oldest-pass, they never fail the
 * chain (RFC 8617 and dkimpy agree). {@code arc=} has no temperror (RFC 8617 §10.1 registers none, pass,
 * fail): a key lookup that fails temporarily gives {@code fail} marked {@code incomplete()}.
 */
package org.mxpack.core.arc;
