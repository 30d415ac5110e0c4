package org.mxpack.core.arc;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** A loopback DNS server with sealer keys in it, a verifier over it, and a message to seal. */
final class ArcFixture implements AutoCloseable {
    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String MESSAGE = "From: Joe <joe@origin.test>\r\nTo: list@lists.test\r\nSubject: hello\r\n"
            + "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <1@origin.test>\r\n\r\n"
            + "Hello list,\r\n\r\nsee you  tomorrow.\r\n";

    final LoopbackDnsServer server;
    final DnsjavaResolver dns;
    final ArcVerifier verifier;
    final KeyPair first;
    final KeyPair second;
    final KeyPair third;

    ArcFixture() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        first = g.generateKeyPair();
        second = g.generateKeyPair();
        third = g.generateKeyPair();
        publish("arc._domainkey.lists.test", first);
        publish("arc._domainkey.forwarder.test", second);
        publish("arc._domainkey.mx.test", third);
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(500)).withRetries(0));
        verifier = new ArcVerifier(dns, DkimPolicy.defaults().withClock(CLOCK));
    }

    void publish(String name, KeyPair pair) throws Exception {
        txt(name, "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    void txt(String name, String text) throws Exception {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            chunks.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        server.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, chunks));
    }

    ArcSealer sealer(KeyPair pair, String domain, String authservId) {
        return ArcSealer.rsaSha256(pair.getPrivate(), domain, "arc", authservId).withClock(CLOCK);
    }

    /** One hop: verify what arrives, seal with {@code spf=pass} and the verdict, prepend. */
    byte[] hop(byte[] message, ArcSealer sealer) throws Exception {
        ArcVerdict v = verifier.verify(message).join();
        return sealer.seal(message, v, "spf=pass smtp.mailfrom=origin.test").prependTo(message);
    }

    ArcVerdict verify(byte[] message) {
        return verifier.verify(message).join();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.close();
    }
}
