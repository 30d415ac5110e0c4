package org.mxpack.core.srs;

import java.time.Instant;
import java.util.Objects;

/**
 * Sender Rewriting Scheme, the "Guarded" scheme of libsrs2 (postsrsd) and Mail::SRS, byte-compatible
 * with both: with the same secret, an address one forwards the others reverse, and all three write the
 * same string on the same day. Pure: the clock and the secrets are given, nothing else is used.
 *
 * <ul>
 * <li>{@code alice@orig.example} forwards to {@code SRS0=HHHH=TT=orig.example=alice@<our domain>},
 *     HHHH = hash(TT, orig.example, alice).</li>
 * <li>A sender that is already {@code SRS0=HHHH=TT=orig.example=alice@first.example} forwards to
 *     {@code SRS1=GGGG=first.example==HHHH=TT=orig.example=alice@<our domain>},
 *     GGGG = hash(first.example, =HHHH=TT=orig.example=alice): bounces go back to the first forwarder,
 *     which alone can check its own hash and age.</li>
 * <li>A sender that is already {@code SRS1=XXXX=first.example==...@second.example} forwards to
 *     {@code SRS1=GGGG=first.example==...@<our domain>}: only the hash is renewed.</li>
 * <li>A sender in our own SRS domain is left unchanged ({@link SrsOutcome#UNCHANGED}), as libsrs2 and
 *     Mail::SRS do without AlwaysRewrite; this includes our own SRS addresses.</li>
 * </ul>
 *
 * Reverse checks syntax, then the hash (any secret, case-insensitive), then the age, and returns the
 * original address for SRS0 and the first forwarder's SRS0 address for SRS1. It does not look at the
 * domain of the address; callers use {@link SrsAddress#isOurs} to decide which addresses to reverse,
 * and leave {@link SrsError#NOT_SRS} addresses untouched.
 *
 * <p>Where libsrs2 and Mail::SRS differ, this class takes the stricter reading: a sender with two
 * {@code @} is refused (Mail::SRS; libsrs2 splits at the first); empty fields, a timestamp that is not
 * two base32 characters, and an empty local part are errors; a hash shorter than {@link SrsConfig#hashMin}
 * is a syntax error (libsrs2), a longer one is compared on its whole length (Mail::SRS); the hash is
 * checked before the age (Mail::SRS), so a forged address is reported as forged, not as expired.
 */
public final class Srs {
    private final SrsConfig config;
    private final SrsHash hash;

    private Srs(SrsConfig config) {
        this.config = Objects.requireNonNull(config);
        this.hash = new SrsHash(config.secrets());
    }

    public static Srs of(SrsConfig config) {
        return new Srs(config);
    }

    public SrsConfig config() {
        return config;
    }

    /**
     * Rewrites an envelope sender for forwarding. Whether to forward at all (not for local deliveries)
     * is the caller's decision; the null sender is refused here.
     */
    public SrsResult forward(String address, Instant now) {
        Objects.requireNonNull(now, "now");
        try {
            return forwardOrFail(address, now);
        } catch (SrsFailure e) {
            return SrsResult.failed(address, e.error(), e.getMessage());
        }
    }

    /** Undoes {@link #forward} (ours, or that of any libsrs2/Mail::SRS sharing a secret). */
    public SrsResult reverse(String address, Instant now) {
        Objects.requireNonNull(now, "now");
        try {
            SrsAddress a = SrsAddress.parseOrFail(address);
            requireSecret();
            if (a.hash().length() < config.hashMin()) {
                throw new SrsFailure(SrsError.BAD_SYNTAX, "hash too short in SRS address");
            }
            boolean valid = a.isSrs1() ? hash.verify(a.hash(), a.host(), a.user())
                    : hash.verify(a.hash(), a.timestamp(), a.host(), a.user());
            if (!valid) {
                throw new SrsFailure(SrsError.BAD_HASH, "hash invalid in SRS address");
            }
            if (!a.isSrs1()) {
                int age = SrsTimestamp.ageDays(a.timestamp(), now);
                if (age > config.maxAgeDays()) {
                    throw new SrsFailure(SrsError.EXPIRED, "timestamp out of date: " + age + " days old, maximum "
                            + config.maxAgeDays());
                }
            }
            return SrsResult.reversed(address, a.unwrapped());
        } catch (SrsFailure e) {
            return SrsResult.failed(address, e.error(), e.getMessage());
        }
    }

    private SrsResult forwardOrFail(String address, Instant now) {
        if (address == null || address.isEmpty()) {
            throw new SrsFailure(SrsError.BAD_INPUT, "the null sender is never rewritten");
        }
        requireSecret();
        if (config.domain().isEmpty()) {
            throw new SrsFailure(SrsError.CONFIG, "no SRS domain configured");
        }
        if (address.length() > SrsAddress.MAX_LENGTH) {
            throw new SrsFailure(SrsError.BAD_INPUT, "address longer than " + SrsAddress.MAX_LENGTH + " characters");
        }
        if (SrsAddress.hasControl(address)) {
            throw new SrsFailure(SrsError.BAD_INPUT, "control character in address");
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            throw new SrsFailure(SrsError.BAD_INPUT, "address without a domain");
        }
        String user = address.substring(0, at);
        String host = address.substring(at + 1);
        if (user.isEmpty()) {
            throw new SrsFailure(SrsError.BAD_INPUT, "address with an empty local part");
        }
        if (user.indexOf('@') >= 0) {
            throw new SrsFailure(SrsError.BAD_INPUT, "local part contains '@'");
        }
        if (host.equalsIgnoreCase(config.domain())) {
            return SrsResult.unchanged(address, "sender is in our SRS domain");
        }
        char sep = config.separator();
        String alias = config.domain();
        if (SrsAddress.isSrs(user) && user.charAt(3) == '1') {
            // Keep the first forwarder and its SRS0 part; renew only our hash over them.
            String[] f = SrsAddress.fields(user.substring(5), 3);
            if (f[1] == null || f[1].isEmpty() || f[2] == null || f[2].isEmpty()) {
                throw new SrsFailure(SrsError.BAD_SYNTAX, "sender is a malformed SRS1 address");
            }
            String h = hash.create(config.hashLength(), f[1], f[2]);
            return SrsResult.forwarded(address, "SRS1" + sep + h + "=" + f[1] + "=" + f[2] + "@" + alias);
        }
        if (SrsAddress.isSrs(user)) {
            // Its domain is the first forwarder; its local part after "SRS0" is kept whole.
            String srsUser = user.substring(4);
            String h = hash.create(config.hashLength(), host, srsUser);
            return SrsResult.forwarded(address, "SRS1" + sep + h + "=" + host + "=" + srsUser + "@" + alias);
        }
        String stamp = SrsTimestamp.of(now);
        String h = hash.create(config.hashLength(), stamp, host, user);
        return SrsResult.forwarded(address, "SRS0" + sep + h + "=" + stamp + "=" + host + "=" + user + "@" + alias);
    }

    private void requireSecret() {
        if (!hash.hasSecret()) {
            throw new SrsFailure(SrsError.CONFIG, "no SRS secret configured");
        }
    }

    @Override
    public String toString() {
        return "Srs[" + config + "]";
    }
}
