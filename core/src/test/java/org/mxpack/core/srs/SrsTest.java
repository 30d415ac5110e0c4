package org.mxpack.core.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixed vectors computed once with Mail::SRS 0.31 ({@code srs} of Debian, time() fixed to 1700000000,
 * day stamp G3), so these run without the tool. {@link MailSrsInteropTest} checks many more live.
 */
class SrsTest {
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final String SECRET = "mxpack-test-secret";
    static final String DOMAIN = "fwd.example.net";
    static final Srs SRS = Srs.of(SrsConfig.of(DOMAIN, List.of(SECRET)));
    private static final long DAY = 86_400;

    @ParameterizedTest
    @CsvSource(delimiter = '\t', value = {
        "alice@example.com\tSRS0=+IyW=G3=example.com=alice@fwd.example.net",
        "John.Doe+tag=x@Example.COM\tSRS0=jhU9=G3=Example.COM=John.Doe+tag=x@fwd.example.net",
        "a=b=c@sub.example.org\tSRS0=gEmG=G3=sub.example.org=a=b=c@fwd.example.net",
        "ALL.UPPER@EXAMPLE.ORG\tSRS0=uTWC=G3=EXAMPLE.ORG=ALL.UPPER@fwd.example.net",
        "x@y.z\tSRS0=QBzk=G3=y.z=x@fwd.example.net",
        "jösé@exämple.de\tSRS0=Wm2t=G3=exämple.de=jösé@fwd.example.net",
        "this.is.a.rather.long.local-part+with.many.characters=and.more.123@a.very.long.subdomain.of.example.com"
            + "\tSRS0=/rTp=G3=a.very.long.subdomain.of.example.com=this.is.a.rather.long.local-part"
            + "+with.many.characters=and.more.123@fwd.example.net",
        // Already SRS0 (first hop signed with another secret): wrapped as SRS1 towards the first forwarder.
        "SRS0=LvxD=G3=orig.example=alice@first.example"
            + "\tSRS1=iua6=first.example==LvxD=G3=orig.example=alice@fwd.example.net",
        // Already SRS1 (second hop): only the hash is renewed, the first forwarder is kept.
        "SRS1=vD9m=first.example==LvxD=G3=orig.example=alice@second.example"
            + "\tSRS1=iua6=first.example==LvxD=G3=orig.example=alice@fwd.example.net",
    })
    void forwardMatchesMailSrsAndReverses(String sender, String expected) {
        SrsResult f = SRS.forward(sender, NOW);
        assertThat(f.outcome()).isEqualTo(SrsOutcome.FORWARDED);
        assertThat(f.address()).isEqualTo(expected);
        SrsResult r = SRS.reverse(expected, NOW);
        assertThat(r.outcome()).isEqualTo(SrsOutcome.REVERSED);
        if (sender.startsWith("SRS")) {
            assertThat(r.address()).isEqualTo("SRS0=LvxD=G3=orig.example=alice@first.example");
        } else {
            assertThat(r.address()).isEqualTo(sender);
        }
    }

    @Test
    void chainOfThreeForwardersUnwindsHopByHop() {
        Srs first = Srs.of(SrsConfig.of("first.example", List.of("first-hop-secret")));
        Srs second = Srs.of(SrsConfig.of("second.example", List.of("second-hop-secret")));
        String hop1 = first.forward("alice@orig.example", NOW).address();
        assertThat(hop1).isEqualTo("SRS0=LvxD=G3=orig.example=alice@first.example");
        String hop2 = second.forward(hop1, NOW).address();
        assertThat(hop2).isEqualTo("SRS1=vD9m=first.example==LvxD=G3=orig.example=alice@second.example");
        String hop3 = SRS.forward(hop2, NOW).address();
        // A bounce to hop3 goes straight back to the first forwarder, which checks its own hash and age.
        String back = SRS.reverse(hop3, NOW.plusSeconds(400 * DAY)).address();
        assertThat(back).isEqualTo(hop1);
        assertThat(second.reverse(hop2, NOW).address()).isEqualTo(hop1);
        assertThat(first.reverse(back, NOW).address()).isEqualTo("alice@orig.example");
        assertThat(first.reverse(back, NOW.plusSeconds(22 * DAY)).error()).contains(SrsError.EXPIRED);
    }

    @Test
    void separatorsHashLengthAndEpochStampsMatchMailSrs() {
        SrsConfig c = SrsConfig.of(DOMAIN, List.of(SECRET));
        assertThat(Srs.of(c.withSeparator('+')).forward("alice@example.com", NOW).address())
                .isEqualTo("SRS0++IyW=G3=example.com=alice@fwd.example.net");
        assertThat(Srs.of(c.withSeparator('-')).forward("alice@example.com", NOW).address())
                .isEqualTo("SRS0-+IyW=G3=example.com=alice@fwd.example.net");
        assertThat(Srs.of(c.withHashLength(8)).forward("alice@example.com", NOW).address())
                .isEqualTo("SRS0=+IyWQAp5=G3=example.com=alice@fwd.example.net");
        assertThat(SRS.forward("alice@example.com", Instant.EPOCH).address())
                .isEqualTo("SRS0=eJ3U=AA=example.com=alice@fwd.example.net");
        assertThat(SRS.forward("alice@example.com", Instant.ofEpochSecond(1023 * DAY)).address())
                .isEqualTo("SRS0=ldjz=77=example.com=alice@fwd.example.net");
        // The input separators + and - are accepted by reverse whatever we write.
        assertThat(SRS.reverse("SRS0++IyW=G3=example.com=alice@fwd.example.net", NOW).address())
                .isEqualTo("alice@example.com");
        assertThat(SRS.reverse("SRS0-+IyW=G3=example.com=alice@fwd.example.net", NOW).address())
                .isEqualTo("alice@example.com");
    }

    @Test
    void longerHashesAreComparedWholeShorterOnesAreSyntaxErrors() {
        String eight = "SRS0=+IyWQAp5=G3=example.com=alice@fwd.example.net";
        assertThat(SRS.reverse(eight, NOW).address()).isEqualTo("alice@example.com");
        assertThat(SRS.reverse("SRS0=+IyWQAp6=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_HASH);
        Srs strict = Srs.of(SrsConfig.of(DOMAIN, List.of(SECRET)).withHashLength(8));
        assertThat(strict.reverse(eight, NOW).ok()).isTrue();
        assertThat(strict.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_SYNTAX);
        Srs transition = Srs.of(SrsConfig.of(DOMAIN, List.of(SECRET)).withHashLength(8).withHashMin(4));
        assertThat(transition.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).ok()).isTrue();
        assertThat(SRS.reverse("SRS0=+Iy=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_SYNTAX);
        assertThat(SRS.reverse("SRS0=" + "A".repeat(40) + "=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_HASH);
    }

    @Test
    void secretRotationFirstSignsAllVerify() {
        Srs rotated = Srs.of(SrsConfig.of(DOMAIN, List.of("new-secret", SECRET)));
        assertThat(rotated.forward("alice@example.com", NOW).address())
                .isEqualTo("SRS0=4E7k=G3=example.com=alice@fwd.example.net");
        // Old addresses still bounce back...
        assertThat(rotated.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).address())
                .isEqualTo("alice@example.com");
        assertThat(rotated.reverse("SRS0=4E7k=G3=example.com=alice@fwd.example.net", NOW).ok()).isTrue();
        // ...until the old secret is retired.
        Srs retired = Srs.of(SrsConfig.of(DOMAIN, List.of("new-secret")));
        assertThat(retired.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_HASH);
        assertThat(SRS.reverse("SRS0=4E7k=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_HASH);
    }

    @Test
    void hashAndEverythingElseCompareCaseInsensitively() {
        String a = "SRS0=jhU9=G3=Example.COM=John.Doe+tag=x@fwd.example.net";
        assertThat(SRS.reverse(a.toLowerCase(Locale.ROOT), NOW).address()).isEqualTo("john.doe+tag=x@example.com");
        assertThat(SRS.reverse(a.toUpperCase(Locale.ROOT), NOW).address()).isEqualTo("JOHN.DOE+TAG=X@EXAMPLE.COM");
        assertThat(SRS.reverse("SRS0=JHu9=G3=Example.COM=John.Doe+tag=x@fwd.example.net", NOW).address())
                .isEqualTo("John.Doe+tag=x@Example.COM");
        assertThat(SRS.reverse("srs1=IUA6=first.example==LvxD=G3=orig.example=alice@fwd.example.net", NOW).address())
                .isEqualTo("SRS0=LvxD=G3=orig.example=alice@first.example");
    }

    @Test
    void maxAgeBoundaries() {
        long day = 1_700_000_000L / DAY; // day of NOW
        Instant lastSecondOfDay = Instant.ofEpochSecond((day + 1) * DAY - 1);
        String a = SRS.forward("alice@example.com", lastSecondOfDay).address();
        assertThat(a).isEqualTo("SRS0=+IyW=G3=example.com=alice@fwd.example.net");
        assertThat(SRS.reverse(a, Instant.ofEpochSecond(day * DAY)).ok()).isTrue();
        assertThat(SRS.reverse(a, Instant.ofEpochSecond((day + 21) * DAY)).ok()).isTrue();
        assertThat(SRS.reverse(a, Instant.ofEpochSecond((day + 22) * DAY - 1)).ok()).isTrue();
        SrsResult expired = SRS.reverse(a, Instant.ofEpochSecond((day + 22) * DAY));
        assertThat(expired.error()).contains(SrsError.EXPIRED);
        assertThat(expired.error().get().errorClass()).isEqualTo(SrsErrorClass.HASH_OR_AGE);
        assertThat(expired.address()).isEqualTo(a);
        // A stamp from "tomorrow" is 1023 days old.
        assertThat(SRS.reverse(a, Instant.ofEpochSecond((day - 1) * DAY)).error()).contains(SrsError.EXPIRED);
        Srs sameDay = Srs.of(SRS.config().withMaxAgeDays(0));
        assertThat(sameDay.reverse(a, NOW).ok()).isTrue();
        assertThat(sameDay.reverse(a, NOW.plusSeconds(DAY)).error()).contains(SrsError.EXPIRED);
        Srs forever = Srs.of(SRS.config().withMaxAgeDays(SrsConfig.MAX_MAX_AGE_DAYS));
        assertThat(forever.reverse(a, Instant.ofEpochSecond((day - 1) * DAY)).ok()).isTrue();
    }

    @Test
    void timestampWrapsAroundEvery1024Days() {
        for (long start : new long[] {1000, 1023, 1024, 2047, 20_000}) {
            String a = SRS.forward("bob@example.org", Instant.ofEpochSecond(start * DAY + 3600)).address();
            for (int age = 0; age <= 1100; age++) {
                boolean ok = SRS.reverse(a, Instant.ofEpochSecond((start + age) * DAY + 7200)).ok();
                assertThat(ok).as("day %d age %d", start, age).isEqualTo(age % 1024 <= 21);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SRS0=+IyW@fwd.example.net",
        "SRS0=+IyW=G3@fwd.example.net",
        "SRS0=+IyW=G3=example.com@fwd.example.net",
        "SRS0=+IyW=G3=example.com=@fwd.example.net",
        "SRS0=+IyW=G3==alice@fwd.example.net",
        "SRS0=+IyW==example.com=alice@fwd.example.net",
        "SRS0==G3=example.com=alice@fwd.example.net",
        "SRS0=@fwd.example.net",
        "SRS0=+IyW=G=example.com=alice@fwd.example.net",
        "SRS0=+IyW=G33=example.com=alice@fwd.example.net",
        "SRS0=+IyW=G1=example.com=alice@fwd.example.net",
        "SRS0=+IyW=Gı=example.com=alice@fwd.example.net",
        "SRS0=+Iy=G3=example.com=alice@fwd.example.net",
        "SRS0=+IyW=G3=example.com=ali\rce@fwd.example.net",
        "SRS1=iua6@fwd.example.net",
        "SRS1=iua6=first.example@fwd.example.net",
        "SRS1=iua6=first.example=@fwd.example.net",
        "SRS1=iua6==x@fwd.example.net",
        "SRS1==first.example==LvxD=G3=orig.example=alice@fwd.example.net",
        // Hashless SRS1 (Mail::SRS AllowUnsafeSrs): the host is taken for the hash, the host field is empty.
        "SRS1=first.example==LvxD=G3=orig.example=alice@fwd.example.net",
    })
    void badSyntax(String address) {
        SrsResult r = SRS.reverse(address, NOW);
        assertThat(r.error()).as(address).contains(SrsError.BAD_SYNTAX);
        assertThat(r.error().get().errorClass()).isEqualTo(SrsErrorClass.SYNTAX);
        assertThat(r.address()).isEqualTo(address);
        assertThat(r.reason()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SRS0=+IyW=G3=example.com=alicf@fwd.example.net",
        "SRS0=+IyW=G3=example.org=alice@fwd.example.net",
        "SRS0=+IyW=G4=example.com=alice@fwd.example.net",
        "SRS0=abcd=G3=example.com=alice@fwd.example.net",
        "SRS0=+I.W=G3=example.com=alice@fwd.example.net",
        "SRS1=iua6=first.example==LvxD=G3=orig.example=alicf@fwd.example.net",
        "SRS1=iua6=second.example==LvxD=G3=orig.example=alice@fwd.example.net",
    })
    void badHash(String address) {
        SrsResult r = SRS.reverse(address, NOW);
        assertThat(r.error()).as(address).contains(SrsError.BAD_HASH);
        assertThat(r.address()).isEqualTo(address);
    }

    @Test
    void foreignSrsAddressesAreNotOurs() {
        // Another forwarder's SRS0 address: SRS syntax, but neither our domain nor our hash.
        String foreign = "SRS0=LvxD=G3=orig.example=alice@first.example";
        assertThat(SrsAddress.isOurs(foreign, DOMAIN)).isFalse();
        assertThat(SRS.reverse(foreign, NOW).error()).contains(SrsError.BAD_HASH);
        assertThat(SrsAddress.isOurs("SRS0=+IyW=G3=example.com=alice@FWD.example.net.", DOMAIN)).isTrue();
        assertThat(SrsAddress.isOurs("SRS0=+IyW=G3=example.com=alice@fwd.example.net", "srs@fwd.example.net"))
                .isTrue();
        assertThat(SrsAddress.isOurs("alice@fwd.example.net", DOMAIN)).isFalse();
        assertThat(SrsAddress.isOurs("SRS0=+IyW=G3=example.com=alice", DOMAIN)).isFalse();
        assertThat(SrsAddress.isOurs(null, DOMAIN)).isFalse();
        assertThat(SrsAddress.isOurs("SRS0=x=y@fwd.example.net", "")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "SRS2=abcd=G3=x=y@fwd.example.net", "SRS0x+IyW=G3=e=a@fwd.example.net",
        "SRS0@fwd.example.net", "SRS0", "SRS@x", "srs-user@example.com", "postmaster"})
    void notSrs(String address) {
        SrsResult r = SRS.reverse(address, NOW);
        assertThat(r.error()).as(address).contains(SrsError.NOT_SRS);
        assertThat(r.error().get().errorClass()).isEqualTo(SrsErrorClass.INPUT);
        assertThat(r.address()).isEqualTo(address);
        assertThat(r.rewritten()).isFalse();
    }

    @Test
    void nullSenderIsNotSrsAndIsNeverForwarded() {
        assertThat(SRS.reverse("", NOW).error()).contains(SrsError.NOT_SRS);
        assertThat(SRS.reverse(null, NOW).error()).contains(SrsError.NOT_SRS);
        SrsResult f = SRS.forward("", NOW);
        assertThat(f.error()).contains(SrsError.BAD_INPUT);
        assertThat(f.reason()).contains("null sender");
        assertThat(SRS.forward(null, NOW).error()).contains(SrsError.BAD_INPUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@", "@example.com", "a@b@example.com", "ali\nce@example.com",
        "ali\u0000ce@example.com"})
    void forwardRefusesAddressesItCannotRewrite(String address) {
        SrsResult r = SRS.forward(address, NOW);
        assertThat(r.error()).as(address).contains(SrsError.BAD_INPUT);
        assertThat(r.error().get().errorClass()).isEqualTo(SrsErrorClass.INPUT);
        assertThat(r.address()).isEqualTo(address);
    }

    @Test
    void boundedLength() {
        String longLocal = "a".repeat(SrsAddress.MAX_LENGTH);
        assertThat(SRS.forward(longLocal + "@example.com", NOW).error()).contains(SrsError.BAD_INPUT);
        assertThat(SRS.reverse("SRS0=+IyW=G3=example.com=" + longLocal + "@fwd.example.net", NOW).error())
                .contains(SrsError.BAD_SYNTAX);
        String ok = "b".repeat(200) + "@example.com";
        assertThat(SRS.reverse(SRS.forward(ok, NOW).address(), NOW).address()).isEqualTo(ok);
    }

    @Test
    void malformedSrs1SenderIsASyntaxError() {
        assertThat(SRS.forward("SRS1=abcd@second.example", NOW).error()).contains(SrsError.BAD_SYNTAX);
        assertThat(SRS.forward("SRS1=abcd=first.example@second.example", NOW).error()).contains(SrsError.BAD_SYNTAX);
        assertThat(SRS.forward("SRS1=abcd==x@second.example", NOW).error()).contains(SrsError.BAD_SYNTAX);
    }

    @Test
    void senderInOurDomainIsLeftUnchanged() {
        for (String a : new String[] {"alice@fwd.example.net", "alice@FWD.Example.NET",
            "SRS0=+IyW=G3=example.com=alice@fwd.example.net"}) {
            SrsResult r = SRS.forward(a, NOW);
            assertThat(r.outcome()).isEqualTo(SrsOutcome.UNCHANGED);
            assertThat(r.ok()).isTrue();
            assertThat(r.rewritten()).isFalse();
            assertThat(r.address()).isEqualTo(a);
        }
    }

    @Test
    void configurationErrors() {
        Srs noSecret = Srs.of(SrsConfig.of(DOMAIN, List.of()));
        assertThat(noSecret.forward("alice@example.com", NOW).error()).contains(SrsError.CONFIG);
        assertThat(noSecret.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).error())
                .contains(SrsError.CONFIG);
        // A foreign address is still recognised as such: callers leave it alone.
        assertThat(noSecret.reverse("alice@example.com", NOW).error()).contains(SrsError.NOT_SRS);
        Srs noDomain = Srs.of(SrsConfig.forReverse(List.of(SECRET)));
        SrsResult f = noDomain.forward("alice@example.com", NOW);
        assertThat(f.error()).contains(SrsError.CONFIG);
        assertThat(f.error().get().errorClass()).isEqualTo(SrsErrorClass.CONFIG);
        assertThat(noDomain.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW).address())
                .isEqualTo("alice@example.com");
    }

    @Test
    void reverseNeedsNoDomainPart() {
        assertThat(SRS.reverse("SRS0=+IyW=G3=example.com=alice", NOW).address()).isEqualTo("alice@example.com");
    }

    @Test
    void resultsRoundTripThroughMaps() {
        for (SrsResult r : List.of(SRS.forward("alice@example.com", NOW), SRS.forward("x@fwd.example.net", NOW),
                SRS.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW), SRS.reverse("x@y", NOW),
                SRS.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW.plusSeconds(99 * DAY)))) {
            assertThat(SrsResult.fromMap(r.toMap())).isEqualTo(r);
            for (Object v : r.toMap().values()) {
                assertThat(v).isInstanceOf(String.class);
            }
        }
        SrsResult expired = SRS.reverse("SRS0=+IyW=G3=example.com=alice@fwd.example.net", NOW.plusSeconds(99 * DAY));
        assertThat(expired.toMap()).containsEntry("error", "expired").containsEntry("error_class", "hash-or-age")
                .containsEntry("outcome", "failed");
    }
}
