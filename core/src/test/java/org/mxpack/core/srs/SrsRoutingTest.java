package org.mxpack.core.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class SrsRoutingTest {
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final SrsRouting ROUTING = new SrsRouting(Srs.of(SrsConfig.of("fwd.example.net", List.of("mxpack-test-secret"))));
    static final Predicate<String> OURS = Set.of("example.org", "fwd.example.net")::contains;

    @Test
    void foreignSenderIsRewrittenToSrs0() {
        SrsResult r = ROUTING.senderForForward("alice@example.com", OURS, NOW);
        assertThat(r.outcome()).isEqualTo(SrsOutcome.FORWARDED);
        assertThat(r.address()).isEqualTo("SRS0=+IyW=G3=example.com=alice@fwd.example.net");
    }

    @Test
    void foreignSrs0SenderBecomesSrs1() {
        SrsResult r = ROUTING.senderForForward("SRS0=LvxD=G3=orig.example=alice@first.example", OURS, NOW);
        assertThat(r.address()).isEqualTo("SRS1=iua6=first.example==LvxD=G3=orig.example=alice@fwd.example.net");
    }

    @Test
    void nullSenderAndOurOwnDomainsAreNeverRewritten() {
        assertThat(ROUTING.senderForForward("", OURS, NOW).outcome()).isEqualTo(SrsOutcome.UNCHANGED);
        assertThat(ROUTING.senderForForward(null, OURS, NOW).address()).isEmpty();
        SrsResult local = ROUTING.senderForForward("bob@Example.ORG", OURS, NOW);
        assertThat(local.outcome()).isEqualTo(SrsOutcome.UNCHANGED);
        assertThat(local.address()).isEqualTo("bob@Example.ORG");
        assertThat(local.reason()).contains("example.org is one of ours");
    }

    @Test
    void ourOwnSrsAddressIsLeftAsTheEngineLeavesIt() {
        String ours = ROUTING.senderForForward("alice@example.com", OURS, NOW).address();
        SrsResult again = ROUTING.senderForForward(ours, OURS, NOW);
        assertThat(again.outcome()).isEqualTo(SrsOutcome.UNCHANGED);
        assertThat(again.address()).isEqualTo(ours);
    }

    @Test
    void bounceToOurSrsAddressIsReversedAndOthersAreNotOurs() {
        String ours = ROUTING.senderForForward("alice@example.com", OURS, NOW).address();
        assertThat(ROUTING.recipientOfBounce("<" + ours + ">", NOW).orElseThrow().address())
                .isEqualTo("alice@example.com");
        assertThat(ROUTING.recipientOfBounce("SRS0=LvxD=G3=orig.example=alice@first.example", NOW)).isEmpty();
        assertThat(ROUTING.recipientOfBounce("bob@example.org", NOW)).isEmpty();
        SrsResult forged = ROUTING.recipientOfBounce("SRS0=AAAA=G3=example.com=alice@fwd.example.net", NOW)
                .orElseThrow();
        assertThat(forged.ok()).isFalse();
        assertThat(forged.error()).contains(SrsError.BAD_HASH);
    }

    @Test
    void bounceAcceptedAtRcptStaysValidWhenItsAddressExpiresBeforeTheMailet() {
        String ours = ROUTING.senderForForward("alice@example.com", OURS, NOW).address();
        java.time.Instant later = NOW.plus(java.time.Duration.ofDays(22)); // past the default 21 days
        assertThat(ROUTING.recipientOfBounce(ours, later).orElseThrow().error()).contains(SrsError.EXPIRED);
        assertThat(ROUTING.recipientOfBounce(ours, later, false).orElseThrow().error()).contains(SrsError.EXPIRED);
        SrsResult kept = ROUTING.recipientOfBounce(ours, later, true).orElseThrow();
        assertThat(kept.outcome()).isEqualTo(SrsOutcome.REVERSED);
        assertThat(kept.address()).isEqualTo("alice@example.com");
        // the RCPT verdict never excuses a bad hash
        assertThat(ROUTING.recipientOfBounce("SRS0=AAAA=G3=example.com=alice@fwd.example.net", later, true)
                .orElseThrow().error()).contains(SrsError.BAD_HASH);
    }
}
