package org.mxpack.core.dkim;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;
import org.mxpack.core.message.HeaderSectionReader;
import org.mxpack.core.message.MessageSource;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376, RFC 8301, RFC 8463), up to the policy's
 * maximum, and gives one result per signature.
 *
 * <p>Why our own pipeline rather than jDKIM 0.3: jDKIM has no Ed25519 (a MUST since RFC 8463), stops
 * at the first failing signature instead of reporting each, cannot tell a locally refused signature
 * ({@code policy}) from a broken one, and fetches keys synchronously through its own retriever. Here
 * the key lookups of all signatures start at once through our {@link Dns} port while the caller's
 * thread canonicalizes and hashes; the final signature check runs when each key arrives (on the
 * {@link Executor} given, else on the thread that completes the lookup).
 *
 * <p>Per signature, in RFC 6376 §6.1 order: tag syntax and semantics (permerror), {@code x=}/{@code t=}
 * against the injected clock with skew (permerror), the local {@code l=} policy, the key lookup
 * (TEMPFAIL = temperror; NXDOMAIN, NODATA, revoked or unusable key = permerror), the body hash (fail),
 * the signature (fail), then local policy on a verified signature (rsa-sha1, short RSA key = policy).
 * Nothing throws: malformed input gives permerror/neutral with a reason.
 */
public final class DkimVerifier {
    private static final String HEADER_NAME = "dkim-signature";
    private static final int MAX_READ_BUFFER = 64 * 1024;
    private static final int MIN_READ_BUFFER = 4 * 1024;

    private final Dns dns;
    private final DkimPolicy policy;
    private final Executor executor;

    public DkimVerifier(Dns dns, DkimPolicy policy) {
        this(dns, policy, null);
    }

    /** @param executor runs the signature checks once keys arrive; null = the lookup's completing thread */
    public DkimVerifier(Dns dns, DkimPolicy policy, Executor executor) {
        this.dns = Objects.requireNonNull(dns);
        this.policy = Objects.requireNonNull(policy);
        this.executor = executor;
    }

    /** The same verifier over another DNS view (a session's). */
    public DkimVerifier withDns(Dns value) {
        return new DkimVerifier(value, policy, executor);
    }

    public DkimPolicy policy() {
        return policy;
    }

    /**
     * Starts the key lookups of the signatures in {@code headerSection} (the message's header fields,
     * as soon as the client has sent them) without waiting, so that over a session's DNS view the
     * verification at end of DATA finds the keys answered. Malformed signatures are skipped.
     *
     * @return the key names looked up ({@code s._domainkey.d})
     */
    public List<String> prefetchKeys(byte[] headerSection) {
        List<String> started = new ArrayList<>();
        try {
            RawMessage message = RawMessage.parse(headerSection, policy.maxHeaderBytes(), 0);
            for (String field : message.fields()) {
                if (started.size() < policy.maxSignatures()
                        && RawMessage.nameOf(field).equalsIgnoreCase(HEADER_NAME)) {
                    try {
                        String keyName = DkimSignature.parse(field, TagList.parse(RawMessage.valueOf(field))).keyName();
                        dns.lookup(keyName, RecordType.TXT);
                        started.add(keyName);
                    } catch (DkimPermError e) {
                        // a broken signature has no key to fetch; verification will say why
                    }
                }
            }
        } catch (DkimPermError | RuntimeException e) {
            // too large or unreadable: end of DATA verifies (and reports) it as usual
        }
        return started;
    }

    /** Verifies the raw message (CRLF or LF line ends); the future never completes exceptionally. */
    public CompletableFuture<DkimVerdict> verify(byte[] rawMessage) {
        return verify(MessageSource.of(rawMessage == null ? new byte[0] : rawMessage));
    }

    /**
     * Verifies a message read as a stream: the header section is kept (at most the policy's
     * maxHeaderBytes), the body streams through the canonicalizers and digests, so memory does not
     * grow with the body. The future never completes exceptionally.
     */
    public CompletableFuture<DkimVerdict> verify(MessageSource source) {
        // sized to the message: most mail is small, and this buffer is most of what a verification allocates
        int buffer = (int) Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, source.size() + 1));
        try (InputStream in = new BufferedInputStream(source.open(), buffer)) {
            return start(in, buffer);
        } catch (OverLimit | HeaderSectionReader.TooLarge e) {
            return CompletableFuture.completedFuture(DkimVerdict.overLimit(e.getMessage()));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(DkimVerdict.unverifiable("cannot read the message: " + e.getMessage()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(DkimVerdict.unverifiable("internal error: " + e));
        }
    }

    /** Blocking convenience: {@link #verify(byte[])} and wait (bounded by the DNS timeout). */
    public DkimVerdict verifyBlocking(byte[] rawMessage) {
        return verify(rawMessage).join();
    }

    private CompletableFuture<DkimVerdict> start(InputStream in, int bufferSize) throws IOException {
        List<String> fields = RawMessage.fields(RawMessage.toCrlf(HeaderSectionReader.read(in, policy.maxHeaderBytes())));
        List<String> signatureFields = new ArrayList<>();
        Map<String, List<String>> byName = new HashMap<>();
        for (String field : fields) {
            String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(field);
            if (name.equals(HEADER_NAME)) {
                signatureFields.add(field);
            }
        }
        if (signatureFields.isEmpty()) {
            return CompletableFuture.completedFuture(DkimVerdict.none());
        }
        int count = Math.min(signatureFields.size(), policy.maxSignatures());
        long skipped = signatureFields.size() - (long) count;
        long now = policy.clock().instant().getEpochSecond();
        BodyHashes bodies = new BodyHashes();
        Map<String, CompletableFuture<DnsAnswer>> lookups = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(prepare(signatureFields.get(i), byName, bodies, lookups, now));
        }
        readBody(in, bodies, bufferSize);
        List<CompletableFuture<DkimSignatureVerdict>> checks = new ArrayList<>();
        for (Pending p : pending) {
            checks.add(p.complete(bodies));
        }
        return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<DkimSignatureVerdict> results = new ArrayList<>();
            for (CompletableFuture<DkimSignatureVerdict> c : checks) {
                results.add(c.join());
            }
            return DkimVerdict.of(results, skipped);
        });
    }

    /** Streams the body through the hashes the signatures asked for; a body over the policy's limit is unverifiable. */
    private void readBody(InputStream in, BodyHashes bodies, int bufferSize) throws IOException {
        byte[] buffer = new byte[bufferSize];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > policy.maxBodyBytes()) {
                throw new OverLimit("body larger than " + policy.maxBodyBytes() + " bytes");
            }
            bodies.update(buffer, 0, n);
        }
        bodies.finish();
    }

    /**
     * One signature up to what needs the body: its tags and times checked, its key lookup started (so it
     * overlaps the hashing), its body hash asked for and its header data computed.
     */
    private Pending prepare(String field, Map<String, List<String>> byName, BodyHashes bodies,
            Map<String, CompletableFuture<DnsAnswer>> lookups, long now) {
        Map<String, String> shown = lenientTags(RawMessage.valueOf(field));
        DkimSignatureVerdict report = DkimSignatureVerdict.of(DkimResult.NEUTRAL, "", shown.get("d"), shown.get("s"),
                shown.get("a"), identityOf(shown), shown.get("b") == null ? null : TagList.stripFws(shown.get("b")));
        try {
            DkimSignature sig = DkimSignature.parse(field, TagList.parse(RawMessage.valueOf(field)));
            checkTimes(sig, now);
            if (sig.bodyLength() >= 0 && policy.lengthTag() == DkimPolicy.LengthTag.PERMERROR) {
                throw new DkimPermError("l= refused by local policy");
            }
            String keyName = sig.keyName();
            CompletableFuture<DnsAnswer> lookup = lookups.computeIfAbsent(keyName, n -> dns.lookup(n, RecordType.TXT))
                    .exceptionally(e -> DnsAnswer.tempfail(keyName, RecordType.TXT, String.valueOf(e)));
            bodies.want(sig.bodyCanon(), sig.algorithm().digest(), sig.bodyLength());
            return new Pending(report, sig, lookup, headerData(sig, byName), null);
        } catch (DkimPermError e) {
            return new Pending(report, null, null, null, report.withResult(DkimResult.PERMERROR, e.getMessage()));
        } catch (RuntimeException e) {
            return new Pending(report, null, null, null, report.withResult(DkimResult.PERMERROR, "internal error: " + e));
        }
    }

    /** The message is larger than this verifier verifies (its policy's limit, not the sender's fault). */
    private static final class OverLimit extends IOException {
        private static final long serialVersionUID = 1L;

        OverLimit(String message) {
            super(message);
        }
    }

    /** A signature waiting for its body hash and its key. */
    private final class Pending {
        private final DkimSignatureVerdict report;
        private final DkimSignature sig;
        private final CompletableFuture<DnsAnswer> lookup;
        private final byte[] headerData;
        private final DkimSignatureVerdict settled;

        Pending(DkimSignatureVerdict report, DkimSignature sig, CompletableFuture<DnsAnswer> lookup, byte[] headerData,
                DkimSignatureVerdict settled) {
            this.report = report;
            this.sig = sig;
            this.lookup = lookup;
            this.headerData = headerData;
            this.settled = settled;
        }

        CompletableFuture<DkimSignatureVerdict> complete(BodyHashes bodies) {
            if (settled != null) {
                return CompletableFuture.completedFuture(settled);
            }
            long length = bodies.length(sig.bodyCanon());
            if (sig.bodyLength() > length) {
                return CompletableFuture.completedFuture(report.withResult(DkimResult.PERMERROR,
                        "l=" + sig.bodyLength() + " is longer than the body (" + length + ")"));
            }
            long signedLength = sig.bodyLength() >= 0 ? sig.bodyLength() : length;
            boolean bodyMatches = MessageDigest.isEqual(
                    bodies.hash(sig.bodyCanon(), sig.algorithm().digest(), sig.bodyLength()), sig.bodyHash());
            String bodyNote = signedLength < length ? "body partially signed (l=" + signedLength + " of " + length + ")" : "";
            // a key already answered (prefetched at the header section, or cached) is verified here; a key
            // still on its way is verified on the executor, never on the DNS thread that answers it
            if (executor == null || lookup.isDone()) {
                return lookup.thenApply(answer -> finish(report, sig, answer, bodyMatches, bodyNote, headerData));
            }
            return lookup.thenApplyAsync(answer -> finish(report, sig, answer, bodyMatches, bodyNote, headerData), executor);
        }
    }

    private void checkTimes(DkimSignature sig, long now) throws DkimPermError {
        long skew = policy.clockSkew().getSeconds();
        if (sig.expiration() >= 0 && sig.expiration() < now - skew) {
            throw new DkimPermError("signature expired (x=" + sig.expiration() + ")");
        }
        if (sig.timestamp() >= 0 && sig.timestamp() > now + skew) {
            throw new DkimPermError("signature timestamp in the future (t=" + sig.timestamp() + ")");
        }
    }

    private DkimSignatureVerdict finish(DkimSignatureVerdict report, DkimSignature sig, DnsAnswer answer,
            boolean bodyMatches, String bodyNote, byte[] headerData) {
        try {
            if (answer.isTempFail()) {
                return report.withResult(DkimResult.TEMPERROR, "key unavailable: " + answer.detail());
            }
            if (answer.isEmpty() || answer.records().isEmpty()) {
                return report.withResult(DkimResult.PERMERROR, "no key for signature ("
                        + answer.status().name().toLowerCase(Locale.ROOT) + " at " + answer.name() + ")");
            }
            DkimKey key = usableKey(answer.records(), sig);
            if (!bodyMatches) {
                return report.withResult(DkimResult.FAIL, "body hash did not verify");
            }
            if (!key.verify(sig.algorithm(), headerData, sig.signature())) {
                return report.withResult(DkimResult.FAIL, "signature did not verify");
            }
            if (sig.algorithm() == SigningAlgorithm.RSA_SHA1 && !policy.allowRsaSha1()) {
                return report.withResult(DkimResult.POLICY, "rsa-sha1 refused by local policy (RFC 8301)");
            }
            if (key.rsaBits() > 0 && key.rsaBits() < policy.minRsaBits()) {
                return report.withResult(DkimResult.POLICY, "RSA key of " + key.rsaBits() + " bits, local minimum "
                        + policy.minRsaBits() + " (RFC 8301)");
            }
            String note = key.testing() ? join(bodyNote, "key in test mode (t=y)") : bodyNote;
            return report.withResult(DkimResult.PASS, note);
        } catch (DkimPermError e) {
            return report.withResult(DkimResult.PERMERROR, e.getMessage());
        } catch (RuntimeException e) {
            return report.withResult(DkimResult.PERMERROR, "internal error: " + e);
        }
    }

    /** The first record that parses and fits the signature; several records are undefined (§3.6.2.2). */
    private static DkimKey usableKey(List<String> records, DkimSignature sig) throws DkimPermError {
        DkimPermError first = null;
        for (String record : records) {
            try {
                DkimKey key = DkimKey.parse(record);
                key.checkUsableFor(sig);
                return key;
            } catch (DkimPermError e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    /**
     * RFC 6376 §5.4.2 / §3.7: the h= fields, each name taking the next instance from the bottom (a name
     * listed more often than it occurs adds nothing: over-signing), then this signature field with its
     * b= value emptied and no final CRLF.
     */
    static byte[] headerData(DkimSignature sig, Map<String, List<String>> byName) {
        return headerData(sig.headerCanon(), sig.signedHeaders(), byName, sig.field());
    }

    /**
     * The same for any DKIM-like signature field (ARC-Message-Signature too): {@code signedHeaders} are the
     * lower-case h= names, {@code byName} every header field of the message by lower-case name, top to
     * bottom, {@code signatureField} the whole signature field as written.
     */
    public static byte[] headerData(Canonicalization canon, List<String> signedHeaders,
            Map<String, List<String>> byName, String signatureField) {
        StringBuilder data = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : signedHeaders) {
            List<String> instances = byName.getOrDefault(name, List.of());
            int taken = used.getOrDefault(name, 0);
            if (taken < instances.size()) {
                data.append(canon.header(instances.get(instances.size() - 1 - taken)));
            }
            used.put(name, taken + 1);
        }
        String self = canon.header(withoutSignatureValue(signatureField));
        data.append(self, 0, self.length() - 2);
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The field with everything after {@code b=} up to the next ';' removed, all else kept as written. */
    public static String withoutSignatureValue(String field) {
        int colon = field.indexOf(':');
        int pos = colon + 1;
        while (pos <= field.length()) {
            int semi = field.indexOf(';', pos);
            int end = semi < 0 ? field.length() : semi;
            int eq = field.indexOf('=', pos);
            if (eq >= 0 && eq < end && TagList.trimFws(field.substring(pos, eq)).equals("b")) {
                return field.substring(0, eq + 1) + field.substring(end);
            }
            pos = end + 1;
        }
        return field;
    }

    /** Tag values for reporting, read leniently so that even a broken signature names its d= and s=. */
    private static Map<String, String> lenientTags(String value) {
        Map<String, String> out = new HashMap<>();
        for (String spec : value.split(";", -1)) {
            int eq = spec.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(TagList.trimFws(spec.substring(0, eq)), TagList.trimFws(spec.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String identityOf(Map<String, String> tags) {
        String i = tags.get("i");
        if (i == null) {
            return tags.get("d") == null ? null : "@" + tags.get("d");
        }
        try {
            return DkimSignature.decodeQuotedPrintable(i);
        } catch (DkimPermError e) {
            return i;
        }
    }

    @Override
    public String toString() {
        return "DkimVerifier[" + policy + "]";
    }
}
