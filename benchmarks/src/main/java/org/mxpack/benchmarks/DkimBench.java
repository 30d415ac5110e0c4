package org.mxpack.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DKIM verification of one signed message (parse, canonicalize, hash, key lookup, signature check),
 * RSA-2048 vs Ed25519, 4 KB vs 100 KB. Keys are generated and served from memory here, so the numbers
 * are CPU only (no DNS).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DkimBench {
    @Param({"rsa2048", "ed25519"})
    public String algorithm;

    @Param({"4096", "102400"})
    public int size;

    private DkimVerifier verifier;
    private byte[] message;

    @Setup
    public void setUp() throws Exception {
        String record;
        DkimSigner signer;
        if (algorithm.equals("rsa2048")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            signer = DkimSigner.rsaSha256(pair.getPrivate(), "example.test", "bench");
        } else {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
            record = "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
                    key.generatePublicKey().getEncoded());
            signer = DkimSigner.ed25519Sha256(key, "example.test", "bench");
        }
        Map<String, String> zone = Map.of("bench._domainkey.example.test", record);
        Dns dns = new Dns() {
            @Override
            public CompletableFuture<DnsAnswer> lookup(String name, RecordType type) {
                String r = zone.get(name);
                return CompletableFuture.completedFuture(r == null ? DnsAnswer.nxdomain(name, type)
                        : DnsAnswer.records(name, type, java.util.List.of(r)));
            }
        };
        verifier = new DkimVerifier(dns, DkimPolicy.defaults());
        message = signer.sign(message(size));
        DkimVerdict check = verifier.verifyBlocking(message);
        if (check.result() != DkimResult.PASS) {
            throw new IllegalStateException("benchmark message does not verify: " + check);
        }
    }

    private static byte[] message(int size) {
        StringBuilder b = new StringBuilder("From: Bench <bench@example.test>\r\nTo: you@example.org\r\n"
                + "Subject: benchmark\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <b@example.test>\r\n\r\n");
        int line = 0;
        while (b.length() < size) {
            b.append("Line ").append(line++).append(" of the benchmark body,  with some   white space. \r\n");
        }
        b.setLength(size - 2);
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public DkimVerdict verify() {
        return verifier.verifyBlocking(message);
    }
}
