package org.mxpack.core.srs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.mxpack.core.routes.Addresses;

/**
 * Which addresses SRS rewrites once mail is accepted, shared by the forwarding mailets: the envelope
 * sender of a copy leaving the site ({@link #senderForForward}) and a recipient that is a bounce to
 * one of our SRS addresses ({@link #recipientOfBounce}). Pure: whether a domain is ours and the
 * clock are given.
 *
 * <p>Rule for senders (the one postsrsd uses): rewrite unless the sender is the null sender or of
 * one of our own domains (our SPF already covers us, and such mail is our users' own, not a forward).
 * An address already at our SRS domain is left as {@link Srs#forward} leaves it ({@code UNCHANGED});
 * a foreign SRS0 sender becomes SRS1, a foreign SRS1 keeps its first forwarder.
 */
public final class SrsRouting {
    private final Srs srs;

    public SrsRouting(Srs srs) {
        this.srs = Objects.requireNonNull(srs, "srs");
    }

    public Srs srs() {
        return srs;
    }

    /**
     * The sender a copy forwarded off-site leaves with. {@code sender} is "" for the null sender;
     * {@code isOurDomain} answers for a lower-case domain.
     */
    public SrsResult senderForForward(String sender, Predicate<String> isOurDomain, Instant now) {
        String s = sender == null ? "" : Addresses.strip(sender);
        if (s.isEmpty()) {
            return SrsResult.unchanged("", "the null sender is never rewritten");
        }
        Optional<String> domain = Addresses.domain(s);
        if (domain.isPresent() && !domain.get().equalsIgnoreCase(srs.config().domain())
                && isOurDomain.test(domain.get())) {
            return SrsResult.unchanged(s, "sender domain " + domain.get() + " is one of ours");
        }
        return srs.forward(s, now);
    }

    /**
     * For one recipient: empty when it is not an SRS address at our SRS domain (foreign SRS addresses
     * are ordinary recipients), else the reversal: the address the bounce goes back to, or why not.
     */
    public Optional<SrsResult> recipientOfBounce(String recipient, Instant now) {
        String r = recipient == null ? "" : Addresses.strip(recipient);
        if (!SrsAddress.isOurs(r, srs.config().domain())) {
            return Optional.empty();
        }
        return Optional.of(srs.reverse(r, now));
    }

    /**
     * As {@link #recipientOfBounce(String, Instant)}, for a recipient the RCPT stage already accepted as
     * a valid bounce ({@code acceptedAtRcpt}): its age was checked then, so an address that expired since
     * (a day boundary passed while the mail was queued) is still reversed. The hash is checked again
     * whatever the RCPT stage said, so nothing forged ever goes back out.
     */
    public Optional<SrsResult> recipientOfBounce(String recipient, Instant now, boolean acceptedAtRcpt) {
        Optional<SrsResult> r = recipientOfBounce(recipient, now);
        if (!acceptedAtRcpt || r.isEmpty() || r.get().error().orElse(null) != SrsError.EXPIRED) {
            return r;
        }
        String input = r.get().input();
        return SrsAddress.parse(input).map(a -> SrsResult.reversed(input, a.unwrapped()));
    }
}
