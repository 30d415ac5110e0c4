package org.mxpack.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dmarc.AuthorDomains;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.message.MessageSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory the end-of-DATA checks take per message, whatever its size: run with JMH's allocation
 * profiler ({@code -prof gc}) and read {@code gc.alloc.rate.norm} (bytes allocated per message). The
 * message itself stands for James's spool (it is streamed, never copied): DKIM verification of an
 * Ed25519 signature (CPU-cheap, so the numbers show the streaming) and the From-header read DMARC needs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MessageMemoryBench {
    @Param({"10240", "1048576", "26214400"})
    public int size;

    private DkimVerifier verifier;
    private MessageSource message;

    @Setup
    public void setUp() throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        String record = "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
        verifier = new DkimVerifier((name, type) -> CompletableFuture.completedFuture(
                DnsAnswer.records(name, type, List.of(record))), DkimPolicy.defaults());
        StringBuilder b = new StringBuilder("From: Alice <alice@example.test>\r\nTo: bob@example.org\r\n"
                + "Subject: memory\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <m@example.test>\r\n\r\n");
        while (b.length() < size) {
            b.append("A line of body text, 72 characters or so, as mail bodies mostly are.  \r\n");
        }
        byte[] raw = DkimSigner.ed25519Sha256(key, "example.test", "mem")
                .sign(b.toString().getBytes(StandardCharsets.US_ASCII));
        message = MessageSource.of(raw);
        DkimVerdict check = verifier.verify(message).join();
        if (check.result() != DkimResult.PASS) {
            throw new IllegalStateException("benchmark message does not verify: " + check);
        }
    }

    @Benchmark
    public DkimVerdict dkimVerify() {
        return verifier.verify(message).join();
    }

    @Benchmark
    public AuthorDomains authorDomains() throws Exception {
        return AuthorDomains.parse(message);
    }
}
