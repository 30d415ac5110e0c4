package org.mxpack.core.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SrsTimestamp, SrsAddress and SrsConfig on their own. */
class SrsPartsTest {
    private static final long DAY = 86_400;

    @Test
    void timestampIsDaysModulo1024InBase32() {
        assertThat(SrsTimestamp.of(Instant.EPOCH)).isEqualTo("AA");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(DAY - 1))).isEqualTo("AA");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(DAY))).isEqualTo("AB");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(31 * DAY))).isEqualTo("A7");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(32 * DAY))).isEqualTo("BA");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(1023 * DAY))).isEqualTo("77");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(1024 * DAY))).isEqualTo("AA");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(1_700_000_000L))).isEqualTo("G3");
        assertThat(SrsTimestamp.of(Instant.ofEpochSecond(-1))).isEqualTo("77");
        for (int slot = 0; slot < 1024; slot++) {
            String s = SrsTimestamp.of(Instant.ofEpochSecond(slot * DAY));
            assertThat(SrsTimestamp.decode(s)).isEqualTo(slot);
            assertThat(SrsTimestamp.decode(s.toLowerCase(java.util.Locale.ROOT))).isEqualTo(slot);
        }
        assertThat(SrsTimestamp.decode("A1")).isEqualTo(-1);
        assertThat(SrsTimestamp.decode("A")).isEqualTo(-1);
        assertThat(SrsTimestamp.decode("AAA")).isEqualTo(-1);
        assertThat(SrsTimestamp.decode("ıA")).isEqualTo(-1);
        assertThat(SrsTimestamp.decode(null)).isEqualTo(-1);
        assertThat(SrsTimestamp.ageDays("AA", Instant.ofEpochSecond(1030 * DAY))).isEqualTo(6);
        assertThat(SrsTimestamp.ageDays("AB", Instant.EPOCH)).isEqualTo(1023);
        assertThatThrownBy(() -> SrsTimestamp.ageDays("!!", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isSrs() {
        assertThat(SrsAddress.isSrs("SRS0=a")).isTrue();
        assertThat(SrsAddress.isSrs("srs1+a")).isTrue();
        assertThat(SrsAddress.isSrs("Srs0-a")).isTrue();
        assertThat(SrsAddress.isSrs("SRS0=")).isTrue();
        assertThat(SrsAddress.isSrs("SRS0")).isFalse();
        assertThat(SrsAddress.isSrs("SRS2=a")).isFalse();
        assertThat(SrsAddress.isSrs("SRS0_a")).isFalse();
        assertThat(SrsAddress.isSrs("xSRS0=a")).isFalse();
        assertThat(SrsAddress.isSrs("")).isFalse();
        assertThat(SrsAddress.isSrs(null)).isFalse();
    }

    @Test
    void parseTakesAddressesApart() {
        SrsAddress a = SrsAddress.parse("SRS0=+IyW=G3=example.com=a=b@fwd.example.net").orElseThrow();
        assertThat(a.isSrs1()).isFalse();
        assertThat(a.hash()).isEqualTo("+IyW");
        assertThat(a.timestamp()).isEqualTo("G3");
        assertThat(a.host()).isEqualTo("example.com");
        assertThat(a.user()).isEqualTo("a=b");
        assertThat(a.domain()).isEqualTo("fwd.example.net");
        assertThat(a.unwrapped()).isEqualTo("a=b@example.com");
        assertThat(a.toString()).isEqualTo("SRS0=+IyW=G3=example.com=a=b@fwd.example.net");

        SrsAddress b = SrsAddress.parse("SRS1+iua6=first.example==LvxD=G3=orig.example=alice@x").orElseThrow();
        assertThat(b.isSrs1()).isTrue();
        assertThat(b.hash()).isEqualTo("iua6");
        assertThat(b.timestamp()).isEmpty();
        assertThat(b.host()).isEqualTo("first.example");
        assertThat(b.user()).isEqualTo("=LvxD=G3=orig.example=alice");
        assertThat(b.unwrapped()).isEqualTo("SRS0=LvxD=G3=orig.example=alice@first.example");

        assertThat(SrsAddress.parse("alice@example.com")).isEmpty();
        assertThat(SrsAddress.parse("SRS0=a=b@x")).isEmpty();
    }

    @Test
    void configDefaultsAndLimits() {
        SrsConfig c = SrsConfig.of("srs@Fwd.Example.NET", List.of("s1", "s2"));
        assertThat(c.domain()).isEqualTo("Fwd.Example.NET");
        assertThat(c.secrets()).containsExactly("s1", "s2");
        assertThat(c.hashLength()).isEqualTo(4);
        assertThat(c.hashMin()).isEqualTo(4);
        assertThat(c.maxAgeDays()).isEqualTo(21);
        assertThat(c.separator()).isEqualTo('=');
        assertThat(c.toString()).doesNotContain("s1");
        assertThat(c.withHashLength(8).hashMin()).isEqualTo(8);
        assertThat(c.withHashLength(8).withHashMin(4).withHashLength(6).hashMin()).isEqualTo(4);
        assertThat(c.withHashLength(8).withHashMin(6).withHashLength(5).hashMin()).isEqualTo(5);
        assertThat(SrsConfig.forReverse(List.of("s")).domain()).isEmpty();
        assertThatThrownBy(() -> c.withHashLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withHashLength(28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withHashMin(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withMaxAgeDays(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withMaxAgeDays(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withSeparator('_')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SrsConfig.of("x", List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SrsConfig.of("x", java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsCarryTheirClass() {
        assertThat(SrsError.CONFIG.errorClass()).isEqualTo(SrsErrorClass.CONFIG);
        assertThat(SrsError.BAD_INPUT.errorClass()).isEqualTo(SrsErrorClass.INPUT);
        assertThat(SrsError.NOT_SRS.errorClass()).isEqualTo(SrsErrorClass.INPUT);
        assertThat(SrsError.BAD_SYNTAX.errorClass()).isEqualTo(SrsErrorClass.SYNTAX);
        assertThat(SrsError.BAD_HASH.errorClass()).isEqualTo(SrsErrorClass.HASH_OR_AGE);
        assertThat(SrsError.EXPIRED.errorClass()).isEqualTo(SrsErrorClass.HASH_OR_AGE);
        for (SrsError e : SrsError.values()) {
            assertThat(SrsError.fromKeyword(e.keyword())).isEqualTo(e);
        }
    }
}
