package org.mxpack.core.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte compatibility with the real Mail::SRS {@code srs} tool: same strings on the same day, and each
 * reverses what the other forwards. Skipped where the tool is not installed ({@code apt-get install srs}).
 */
class MailSrsInteropTest {
    private static final long DAY = 86_400;
    private static final String DOMAIN = "fwd.example.net";
    private static final List<String> SECRETS = List.of("interop secret, with spaces & symbols!");
    private static MailSrsTool tool;

    @BeforeAll
    static void findTool() {
        tool = MailSrsTool.require();
    }

    /** Odd senders, then random ones from every character a dot-atom local part may hold, and '='. */
    static List<String> senders() {
        List<String> a = new ArrayList<>(List.of("alice@example.com", "John.Doe+tag=x@Example.COM",
                "a=b=c@sub.example.org", "==@example.org", "a+b+c@EXAMPLE.org", "UPPER.CASE@UPPER.EXAMPLE",
                "x@y.z", "first.last@xn--bcher-kva.example", "user-@example.net", "-user@example.net",
                "+@example.com", "a.b.c.d.e.f.g@h.i.j.k", "o'reilly@example.ie", "a/b{c}|d~e^f`g?h*i#j$k%l&m@x.org",
                "very.long." + "abcdefghij".repeat(6) + "@" + "sub.".repeat(20) + "example.com",
                "SRSish@example.com", "SRS2=x@example.com", "srs0@example.com", "SRS0user@example.com"));
        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""))) {
            a.add("jösé@exämple.de");
            a.add("用户@例子.广告");
        }
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_=!#$%&'*/?^`{|}~";
        String[] domains = {"example.com", "Example.ORG", "mail.EXAMPLE.co.uk", "a.b", "xn--nxasmq6b.example"};
        Random r = new Random(20240511L);
        for (int i = 0; i < 80; i++) {
            StringBuilder local = new StringBuilder();
            int n = 1 + r.nextInt(i % 10 == 0 ? 180 : 40);
            for (int j = 0; j < n; j++) {
                local.append(chars.charAt(r.nextInt(chars.length())));
            }
            a.add(local + "@" + domains[r.nextInt(domains.length)]);
        }
        return a;
    }

    private static Srs ours(List<String> secrets, String domain) {
        return Srs.of(SrsConfig.of(domain, secrets));
    }

    private static List<String> forwardAll(Srs srs, List<String> senders, Instant now) {
        List<String> out = new ArrayList<>();
        for (String s : senders) {
            SrsResult r = srs.forward(s, now);
            assertThat(r.outcome()).as(s).isEqualTo(SrsOutcome.FORWARDED);
            out.add(r.address());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1_700_000_000L, 0L, 1023 * DAY + 86_399, 1024 * DAY, 1_900_000_000L})
    void sameStringsAndReversibleBothWays(long epochSeconds) {
        List<String> senders = senders();
        Instant now = Instant.ofEpochSecond(epochSeconds);
        List<String> mine = forwardAll(ours(SECRETS, DOMAIN), senders, now);
        List<String> theirs = tool.runAt(epochSeconds, MailSrsTool.options(SECRETS, "--alias=" + DOMAIN),
                senders.toArray(new String[0])).lines;
        assertThat(mine).isEqualTo(theirs);

        long later = epochSeconds + 21 * DAY;
        MailSrsTool.Run back = tool.runAt(later, MailSrsTool.options(SECRETS, "--reverse"),
                mine.toArray(new String[0]));
        assertThat(back.exit).as(back.err).isZero();
        assertThat(back.lines).isEqualTo(senders);
        Srs reverser = Srs.of(SrsConfig.forReverse(SECRETS));
        for (int i = 0; i < theirs.size(); i++) {
            assertThat(reverser.reverse(theirs.get(i), Instant.ofEpochSecond(later)).address())
                    .isEqualTo(senders.get(i));
        }
    }

    @Test
    void withTheRealClock() {
        List<String> senders = senders().subList(0, 30);
        for (int attempt = 0; ; attempt++) {
            long day = Instant.now().getEpochSecond() / DAY;
            List<String> theirs = tool.run(MailSrsTool.options(SECRETS, "--alias=" + DOMAIN),
                    senders.toArray(new String[0])).lines;
            List<String> mine = forwardAll(ours(SECRETS, DOMAIN), senders, Instant.now());
            if (Instant.now().getEpochSecond() / DAY != day && attempt == 0) {
                continue; // midnight UTC passed meanwhile
            }
            assertThat(mine).isEqualTo(theirs);
            assertThat(tool.run(MailSrsTool.options(SECRETS, "--reverse"), mine.toArray(new String[0])).lines)
                    .isEqualTo(senders);
            return;
        }
    }

    @Test
    void srs0AndSrs1SendersAlongAChainOfForwarders() {
        long t = 1_750_000_000L;
        Instant now = Instant.ofEpochSecond(t);
        List<String> a = List.of("hop one secret");
        List<String> b = List.of("hop two secret");
        List<String> c = List.of("hop three secret");
        for (String sender : senders().subList(0, 15)) {
            String hop1 = tool.runAt(t, MailSrsTool.options(a, "--alias=first.example"), sender).line();
            assertThat(ours(a, "first.example").forward(sender, now).address()).isEqualTo(hop1);
            String hop2 = ours(b, "second.example").forward(hop1, now).address();
            assertThat(hop2).startsWith("SRS1=");
            assertThat(tool.runAt(t, MailSrsTool.options(b, "--alias=second.example"), hop1).line()).isEqualTo(hop2);
            String hop3 = ours(c, "third.example").forward(hop2, now).address();
            assertThat(tool.runAt(t, MailSrsTool.options(c, "--alias=third.example"), hop2).line()).isEqualTo(hop3);
            // Back: the third and the second hop both return the first forwarder's SRS0 address.
            long later = t + 300 * DAY;
            assertThat(tool.runAt(later, MailSrsTool.options(c, "--reverse"), hop3).line()).isEqualTo(hop1);
            assertThat(ours(c, "").reverse(hop3, Instant.ofEpochSecond(later)).address()).isEqualTo(hop1);
            assertThat(tool.runAt(t, MailSrsTool.options(b, "--reverse"), hop2).line()).isEqualTo(hop1);
            assertThat(tool.runAt(t + 3 * DAY, MailSrsTool.options(a, "--reverse"), hop1).line()).isEqualTo(sender);
        }
    }

    @Test
    void ageBoundariesAgreeIncludingWrapAround() {
        String sender = "bounce.me@example.org";
        for (long start : new long[] {19_000, 1023, 2047, 2040}) {
            long t = start * DAY + 4000;
            String a = ours(SECRETS, DOMAIN).forward(sender, Instant.ofEpochSecond(t)).address();
            for (long age : new long[] {0, 1, 20, 21, 22, 500, 1022, 1023, 1024, 1045, 1046, -1}) {
                long at = (start + age) * DAY + 80_000;
                boolean theirs = tool.runAt(at, MailSrsTool.options(SECRETS, "--reverse"), a).exit == 0;
                boolean mine = Srs.of(SrsConfig.forReverse(SECRETS)).reverse(a, Instant.ofEpochSecond(at)).ok();
                assertThat(mine).as("start day %d, age %d", start, age).isEqualTo(theirs);
                assertThat(mine).as("start day %d, age %d", start, age).isEqualTo(Math.floorMod(age, 1024) <= 21);
            }
        }
    }

    @Test
    void hashCaseIsIgnoredByBoth() {
        long t = 1_700_000_000L;
        Instant now = Instant.ofEpochSecond(t);
        for (String sender : List.of("Mixed.Case@Example.COM", "alice@example.com")) {
            String mine = ours(SECRETS, DOMAIN).forward(sender, now).address();
            for (String smashed : List.of(mine.toLowerCase(Locale.ROOT), mine.toUpperCase(Locale.ROOT))) {
                MailSrsTool.Run theirs = tool.runAt(t, MailSrsTool.options(SECRETS, "--reverse"), smashed);
                SrsResult r = Srs.of(SrsConfig.forReverse(SECRETS)).reverse(smashed, now);
                assertThat(r.ok()).as(smashed).isTrue();
                assertThat(theirs.line()).isEqualTo(r.address());
                assertThat(r.address()).isEqualToIgnoringCase(sender);
            }
        }
    }

    @Test
    void secretRotationAgrees() {
        long t = 1_700_000_000L;
        Instant now = Instant.ofEpochSecond(t);
        List<String> old = List.of("old secret");
        List<String> rotated = List.of("new secret", "old secret");
        List<String> senders = senders().subList(0, 20);
        String[] byOld = forwardAll(ours(old, DOMAIN), senders, now).toArray(new String[0]);
        String[] byNew = forwardAll(ours(rotated, DOMAIN), senders, now).toArray(new String[0]);
        assertThat(tool.runAt(t, MailSrsTool.options(rotated, "--alias=" + DOMAIN),
                senders.toArray(new String[0])).lines).containsExactly(byNew);
        assertThat(tool.runAt(t, MailSrsTool.options(rotated, "--reverse"), byOld).lines).isEqualTo(senders);
        assertThat(tool.runAt(t, MailSrsTool.options(rotated, "--reverse"), byNew).lines).isEqualTo(senders);
        assertThat(tool.runAt(t, MailSrsTool.options(old, "--reverse"), byNew[0]).exit).isNotZero();
        assertThat(ours(old, "").reverse(byNew[0], now).error()).contains(SrsError.BAD_HASH);
    }

    @Test
    void hashLengthsAndSeparatorsAgree() {
        long t = 1_650_000_000L;
        Instant now = Instant.ofEpochSecond(t);
        List<String> senders = senders().subList(0, 20);
        for (int len : new int[] {1, 6, 27}) {
            for (char sep : new char[] {'=', '+', '-'}) {
                Srs srs = Srs.of(SrsConfig.of(DOMAIN, SECRETS).withHashLength(len).withSeparator(sep));
                List<String> mine = forwardAll(srs, senders, now);
                MailSrsTool.Run theirs = tool.runAt(t, MailSrsTool.options(SECRETS, "--alias=" + DOMAIN,
                        "--hashlength=" + len, "--separator=" + sep), senders.toArray(new String[0]));
                assertThat(mine).as("length %d separator %c", len, sep).isEqualTo(theirs.lines);
                assertThat(tool.runAt(t, MailSrsTool.options(SECRETS, "--reverse", "--hashlength=" + len),
                        mine.toArray(new String[0])).lines).isEqualTo(senders);
                for (String a : theirs.lines) {
                    assertThat(srs.reverse(a, now).ok()).as(a).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SRS0=+IyW=G3=example.com=alicf@fwd.example.net",
        "SRS0=abcd=G3=example.com=alice@fwd.example.net",
        "SRS0=LvxD=G3=orig.example=alice@first.example",
        "SRS1=iua6=first.example==LvxD=G3=orig.example=alicf@fwd.example.net",
        "SRS1=xxxx=first.example==LvxD=G3=orig.example=alice@fwd.example.net",
        "SRS0=+IyW=G3=example.com@fwd.example.net",
        "alice@example.com",
    })
    void bothRefuseForgedOrForeignAddresses(String address) {
        long t = 1_700_000_000L;
        List<String> secret = List.of("mxpack-test-secret");
        assertThat(tool.runAt(t, MailSrsTool.options(secret, "--reverse"), address).exit).isNotZero();
        assertThat(Srs.of(SrsConfig.forReverse(secret)).reverse(address, Instant.ofEpochSecond(t)).ok()).isFalse();
    }

    @Test
    void utf8IsHashedAsBytes() {
        String s = "jösé@exämple.de";
        assertThat(SrsHash.lower("ÄÖÜ-ABC")).isEqualTo("ÄÖÜ-abc".getBytes(StandardCharsets.UTF_8));
        assertThat(ours(SECRETS, DOMAIN).forward(s, Instant.ofEpochSecond(1_700_000_000L)).address())
                .contains("exämple.de=jösé@");
    }
}
