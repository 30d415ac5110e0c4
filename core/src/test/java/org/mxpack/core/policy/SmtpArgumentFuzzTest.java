package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.routes.OfflineRouteResolver;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * RCPT TO arguments are the client's: whatever reaches the recipient stage (source routes, quoted and
 * percent-hacked local parts, SRS look-alikes, control characters, huge strings) gets an accept or one
 * SMTP reply line with a 4xx/5xx code and an enhanced code, never an exception. Tries: see
 * junit-platform.properties.
 */
class SmtpArgumentFuzzTest {
    private static final RecipientPolicy POLICY = RecipientPolicy.read(
            Services.of(offlineDns(), "mx.example.org").withStageBudget(Duration.ofMillis(200)),
            Xml.handler(""),
            new OfflineRouteResolver(List.of("example.org"), RelayRoutes.none()),
            Optional.of(Srs.of(SrsConfig.of("fwd.example.org", List.of("fuzz-secret")))));

    private static Dns offlineDns() {
        return (name, type) -> {
            throw new AssertionError("no DNS at RCPT TO");
        };
    }

    @Provide
    Arbitrary<String> recipients() {
        Arbitrary<String> token = Arbitraries.of("<", ">", "@", "bob", "example.org", "fwd.example.org", "SRS0=",
                "SRS1=", "=", "==", "HHHH", "AB", "%", "!", ":", "@relay.example:", "\"", "\\", ".", "..", " ", "\t",
                "\r\n", "\u0000", "\u00e9", "\u00ff", "[192.0.2.1]", "[IPv6:::1]", "postmaster", "Postmaster",
                "a".repeat(300), "+tag", ",", ";");
        Arbitrary<String> structured = token.list().ofMaxSize(30).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(400));
    }

    @Property
    void everyRecipientGetsAnAcceptOrOneWellFormedReply(@ForAll("recipients") String rcpt) throws Exception {
        SessionFacts facts = new SessionFacts(InetAddress.getByName("192.0.2.7"), "fuzz");
        facts.beginTransaction("alice@sender.example");
        Optional<SmtpReply> reply = POLICY.onRcpt(facts, rcpt).refusal();
        reply.ifPresent(r -> {
            String line = r.toString();
            assertThat(line).matches("[45]\\d\\d [45]\\.\\d{1,3}\\.\\d{1,3} .*");
            assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
            assertThat(line.length()).isLessThanOrEqualTo(512); // RFC 5321 4.5.3.1.5 reply line
        });
    }
}
