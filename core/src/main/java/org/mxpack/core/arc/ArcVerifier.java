package org.mxpack.core.arc;

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

import org.mxpack.core.dkim.BodyHashes;
import org.mxpack.core.dkim.Canonicalization;
import org.mxpack.core.dkim.DkimKey;
import org.mxpack.core.dkim.DkimPermError;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dkim.RawMessage;
import org.mxpack.core.dkim.SigningAlgorithm;
import org.mxpack.core.dkim.TagList;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;
import org.mxpack.core.message.HeaderSectionReader;
import org.mxpack.core.message.MessageSource;

/**
 * Validates the ARC chain of a message (RFC 8617 §5.2) over the {@link Dns} port, with the DKIM code's
 * canonicalization, body hashing, tag lists, key records and signature checks.
 *
 * <p>Steps: collect the sets and check their structure ({@code ArcChain}: numbering 1..N without gaps or
 * duplicates, at most 50, one AAR/AMS/AS each, {@code cv=} none at 1 and pass after, the newest or any
 * {@code cv=fail} fails); start the key lookups of every AMS and AS at once while the body streams through
 * the AMS body hashes; then the newest AMS must validate, oldest-pass is computed from the older AMSs, and
 * every AS from the newest down must validate. Key and signature policy as for DKIM ({@link DkimPolicy}:
 * RSA keys of at least {@code minRsaBits}, rsa-sha1 only when allowed; RSA keys over 8192 bits and
 * signatures over 1024 bytes are refused as oversized). Nothing throws: bad input is {@code fail} with a
 * reason; DNS trouble and mxpack's own limits are {@code fail} marked {@link ArcVerdict#incomplete()}.
 */
public final class ArcVerifier {
    static final int MAX_RSA_BITS = 8192;
    static final int MAX_SIGNATURE_BYTES = 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final Dns dns;
    private final DkimPolicy policy;
    private final Executor executor;

    public ArcVerifier(Dns dns, DkimPolicy policy) {
        this(dns, policy, null);
    }

    /** @param executor runs the signature checks once keys arrive; null = the lookup's completing thread */
    public ArcVerifier(Dns dns, DkimPolicy policy, Executor executor) {
        this.dns = Objects.requireNonNull(dns);
        this.policy = Objects.requireNonNull(policy);
        this.executor = executor;
    }

    /** The same verifier over another DNS view (a session's). */
    public ArcVerifier withDns(Dns value) {
        return new ArcVerifier(value, policy, executor);
    }

    public DkimPolicy policy() {
        return policy;
    }

    /**
     * Starts the key lookups of the ARC-Message-Signature and ARC-Seal fields in {@code headerSection}
     * without waiting, so that over a session's DNS view verification at end of DATA finds them answered.
     * Unreadable fields are skipped; at most 2 x 50 names.
     *
     * @return the key names looked up ({@code s._domainkey.d})
     */
    public List<String> prefetchKeys(byte[] headerSection) {
        List<String> started = new ArrayList<>();
        try {
            for (String field : RawMessage.fields(RawMessage.toCrlf(headerSection))) {
                String name = RawMessage.nameOf(field).toLowerCase(Locale.ROOT);
                if (!name.equals(ArcChain.AMS) && !name.equals(ArcChain.AS)) {
                    continue;
                }
                try {
                    String keyName = keyName(TagList.parse(RawMessage.valueOf(field)));
                    if (!started.contains(keyName) && started.size() < 2 * ArcChain.MAX_INSTANCES) {
                        dns.lookup(keyName, RecordType.TXT);
                        started.add(keyName);
                    }
                } catch (DkimPermError | RuntimeException e) {
                    // no key to fetch; verification says why
                }
            }
        } catch (RuntimeException e) {
            // unreadable: end of DATA verifies (and reports) it as usual
        }
        return started;
    }

    /** Verifies a raw message (CRLF or LF line ends); the future never completes exceptionally. */
    public CompletableFuture<ArcVerdict> verify(byte[] rawMessage) {
        return verify(MessageSource.of(rawMessage == null ? new byte[0] : rawMessage));
    }

    /** Blocking convenience: {@link #verify(byte[])} and wait (bounded by the DNS timeout). */
    public ArcVerdict verifyBlocking(byte[] rawMessage) {
        return verify(rawMessage).join();
    }

    /**
     * Verifies a message read as a stream: the header section is kept (at most the policy's
     * maxHeaderBytes), the body streams through the hashes. The future never completes exceptionally.
     */
    public CompletableFuture<ArcVerdict> verify(MessageSource source) {
        try (InputStream in = new BufferedInputStream(source.open(), READ_BUFFER)) {
            return start(in);
        } catch (HeaderSectionReader.TooLarge e) {
            return CompletableFuture.completedFuture(ArcVerdict.unverifiable(e.getMessage(), 0, "", ""));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(
                    ArcVerdict.unverifiable("cannot read the message: " + e.getMessage(), 0, "", ""));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ArcVerdict.unverifiable("internal error: " + e, 0, "", ""));
        }
    }

    private CompletableFuture<ArcVerdict> start(InputStream in) throws IOException {
        List<String> fields = RawMessage.fields(RawMessage.toCrlf(HeaderSectionReader.read(in, policy.maxHeaderBytes())));
        if (!ArcChain.present(fields)) {
            return CompletableFuture.completedFuture(ArcVerdict.none());
        }
        ArcChain chain;
        try {
            chain = ArcChain.parse(fields);
        } catch (ArcChain.Invalid e) {
            return CompletableFuture.completedFuture(ArcVerdict.fail(e.getMessage(), ArcChain.highestInstance(fields),
                    ArcChain.newestSealDomain(fields), ""));
        }
        int n = chain.size();
        ArcChain.Set newest = chain.set(n);
        String sealDomain = newest.sealTags.get("d").toLowerCase(Locale.ROOT);
        String aar = newest.aarPayload;
        Map<String, List<String>> byName = new HashMap<>();
        for (String field : fields) {
            byName.computeIfAbsent(RawMessage.nameOf(field).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field);
        }
        long now = policy.clock().instant().getEpochSecond();
        BodyHashes bodies = new BodyHashes();
        Map<String, CompletableFuture<DnsAnswer>> lookups = new HashMap<>();
        List<Check> messageSignatures = new ArrayList<>();
        List<Check> seals = new ArrayList<>();
        for (ArcChain.Set set : chain.sets()) {
            messageSignatures.add(prepareAms(set, byName, bodies, lookups, now));
            seals.add(prepareSeal(chain, set, lookups, now));
        }
        try {
            readBody(in, bodies);
        } catch (OverLimit e) {
            return CompletableFuture.completedFuture(ArcVerdict.unverifiable(e.getMessage(), n, sealDomain, aar));
        }
        List<CompletableFuture<String>> amsResults = new ArrayList<>();
        List<CompletableFuture<String>> sealResults = new ArrayList<>();
        for (Check c : messageSignatures) {
            amsResults.add(c.complete(bodies));
        }
        for (Check c : seals) {
            sealResults.add(c.complete(bodies));
        }
        List<CompletableFuture<String>> all = new ArrayList<>(amsResults);
        all.addAll(sealResults);
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> decide(n, amsResults, sealResults, sealDomain, aar));
    }

    /** RFC 8617 §5.2 steps 4 to 7, on the outcome of each signature (null = valid, else why not). */
    private static ArcVerdict decide(int n, List<CompletableFuture<String>> ams, List<CompletableFuture<String>> seals,
            String sealDomain, String aar) {
        String newest = ams.get(n - 1).join();
        if (newest != null) {
            return failure("ARC-Message-Signature i=" + n + " did not validate: " + newest, n, sealDomain, aar);
        }
        int oldestPass = 0;
        for (int i = n - 1; i >= 1; i--) {
            if (ams.get(i - 1).join() != null) {
                oldestPass = i + 1;
                break;
            }
        }
        for (int i = n; i >= 1; i--) {
            String seal = seals.get(i - 1).join();
            if (seal != null) {
                return failure("ARC-Seal i=" + i + " did not validate: " + seal, n, sealDomain, aar);
            }
        }
        return ArcVerdict.pass(n, oldestPass, sealDomain, aar);
    }

    private static ArcVerdict failure(String reason, int n, String sealDomain, String aar) {
        return reason.contains(TEMPORARY) ? ArcVerdict.unverifiable(reason, n, sealDomain, aar)
                : ArcVerdict.fail(reason, n, sealDomain, aar);
    }

    private static final String TEMPORARY = "key lookup failed temporarily";

    private Check prepareAms(ArcChain.Set set, Map<String, List<String>> byName, BodyHashes bodies,
            Map<String, CompletableFuture<DnsAnswer>> lookups, long now) {
        try {
            TagList t = set.amsTags;
            SigningAlgorithm algorithm = SigningAlgorithm.parse(t.get("a"));
            Canonicalization headerCanon = Canonicalization.SIMPLE;
            Canonicalization bodyCanon = Canonicalization.SIMPLE;
            if (t.has("c")) {
                String c = t.get("c");
                int slash = c.indexOf('/');
                headerCanon = Canonicalization.parse(slash < 0 ? c : c.substring(0, slash));
                if (slash >= 0) {
                    bodyCanon = Canonicalization.parse(c.substring(slash + 1));
                }
            }
            List<String> signed = new ArrayList<>();
            for (String h : t.get("h").split(":", -1)) {
                String name = TagList.stripFws(h).toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    throw new DkimPermError("empty header name in h=");
                }
                signed.add(name);
            }
            long length = t.has("l") ? number(t.get("l"), "l") : -1;
            checkTimes(t, now);
            byte[] bodyHash = TagList.base64(t.get("bh"), "bh");
            byte[] signature = signatureOf(t);
            String keyName = keyName(t);
            bodies.want(bodyCanon, algorithm.digest(), length);
            byte[] data = DkimVerifier.headerData(headerCanon, signed, byName, set.ams);
            return new Check(algorithm, lookup(keyName, lookups), data, signature, bodyCanon, length, bodyHash, null);
        } catch (DkimPermError e) {
            return invalidCheck(e.getMessage());
        } catch (RuntimeException e) {
            return invalidCheck("internal error: " + e);
        }
    }

    /** RFC 8617 §5.1.1: the AS signs the AAR, AMS and AS of sets 1..i in order, relaxed, its own b= empty. */
    private Check prepareSeal(ArcChain chain, ArcChain.Set set, Map<String, CompletableFuture<DnsAnswer>> lookups,
            long now) {
        try {
            TagList t = set.sealTags;
            SigningAlgorithm algorithm = SigningAlgorithm.parse(t.get("a"));
            checkTimes(t, now);
            byte[] signature = signatureOf(t);
            String keyName = keyName(t);
            StringBuilder data = new StringBuilder();
            Canonicalization relaxed = Canonicalization.RELAXED;
            for (int j = 1; j <= set.instance; j++) {
                ArcChain.Set s = chain.set(j);
                data.append(relaxed.header(s.aar)).append(relaxed.header(s.ams));
                if (j < set.instance) {
                    data.append(relaxed.header(s.seal));
                }
            }
            String self = relaxed.header(DkimVerifier.withoutSignatureValue(set.seal));
            data.append(self, 0, self.length() - 2);
            return new Check(algorithm, lookup(keyName, lookups), data.toString().getBytes(StandardCharsets.ISO_8859_1),
                    signature, null, -1, null, null);
        } catch (DkimPermError e) {
            return invalidCheck(e.getMessage());
        } catch (RuntimeException e) {
            return invalidCheck("internal error: " + e);
        }
    }

    private Check invalidCheck(String reason) {
        return new Check(null, null, null, null, null, -1, null, reason);
    }

    private CompletableFuture<DnsAnswer> lookup(String keyName, Map<String, CompletableFuture<DnsAnswer>> lookups) {
        return lookups.computeIfAbsent(keyName, k -> dns.lookup(k, RecordType.TXT)
                .exceptionally(e -> DnsAnswer.tempfail(k, RecordType.TXT, String.valueOf(e))));
    }

    private static byte[] signatureOf(TagList t) throws DkimPermError {
        byte[] signature = TagList.base64(t.get("b"), "b");
        if (signature.length == 0) {
            throw new DkimPermError("empty b=");
        }
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new DkimPermError("oversized signature (" + signature.length + " bytes)");
        }
        return signature;
    }

    private static String keyName(TagList t) throws DkimPermError {
        String d = t.get("d");
        String s = t.get("s");
        if (d == null || s == null) {
            throw new DkimPermError("no d= or s=");
        }
        if (!TagList.isDomainName(d)) {
            throw new DkimPermError("invalid domain d=" + TagList.abbreviate(d));
        }
        if (!TagList.isDomainName(s)) {
            throw new DkimPermError("invalid selector s=" + TagList.abbreviate(s));
        }
        return (s + "._domainkey." + d).toLowerCase(Locale.ROOT);
    }

    private void checkTimes(TagList t, long now) throws DkimPermError {
        long skew = policy.clockSkew().getSeconds();
        long timestamp = t.has("t") ? number(t.get("t"), "t") : -1;
        long expiration = t.has("x") ? number(t.get("x"), "x") : -1;
        if (expiration >= 0 && expiration < now - skew) {
            throw new DkimPermError("signature expired (x=" + expiration + ")");
        }
        if (timestamp >= 0 && timestamp > now + skew) {
            throw new DkimPermError("signature timestamp in the future (t=" + timestamp + ")");
        }
    }

    private static long number(String value, String tag) throws DkimPermError {
        String v = TagList.trimFws(value);
        if (v.isEmpty() || v.length() > 76 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DkimPermError("invalid " + tag + "=" + TagList.abbreviate(v));
        }
        String digits = v.replaceFirst("^0+(?=.)", "");
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private void readBody(InputStream in, BodyHashes bodies) throws IOException {
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        int r;
        while ((r = in.read(buffer)) > 0) {
            total += r;
            if (total > policy.maxBodyBytes()) {
                throw new OverLimit("body larger than " + policy.maxBodyBytes() + " bytes");
            }
            bodies.update(buffer, 0, r);
        }
        bodies.finish();
    }

    private static final class OverLimit extends IOException {
        private static final long serialVersionUID = 1L;

        OverLimit(String message) {
            super(message);
        }
    }

    /** One AMS or AS waiting for its key (and, for an AMS, its body hash). */
    private final class Check {
        private final SigningAlgorithm algorithm;
        private final CompletableFuture<DnsAnswer> lookup;
        private final byte[] data;
        private final byte[] signature;
        private final Canonicalization bodyCanon;
        private final long length;
        private final byte[] bodyHash;
        private final String invalid;

        Check(SigningAlgorithm algorithm, CompletableFuture<DnsAnswer> lookup, byte[] data, byte[] signature,
                Canonicalization bodyCanon, long length, byte[] bodyHash, String invalid) {
            this.algorithm = algorithm;
            this.lookup = lookup;
            this.data = data;
            this.signature = signature;
            this.bodyCanon = bodyCanon;
            this.length = length;
            this.bodyHash = bodyHash;
            this.invalid = invalid;
        }

        /** null when valid, else the reason. */
        CompletableFuture<String> complete(BodyHashes bodies) {
            if (invalid != null) {
                return CompletableFuture.completedFuture(invalid);
            }
            String bodyProblem = null;
            if (bodyHash != null) {
                long canonical = bodies.length(bodyCanon);
                if (length > canonical) {
                    bodyProblem = "l=" + length + " is longer than the body (" + canonical + ")";
                } else if (!MessageDigest.isEqual(bodies.hash(bodyCanon, algorithm.digest(), length), bodyHash)) {
                    bodyProblem = "body hash did not verify";
                }
            }
            String body = bodyProblem;
            if (executor == null) {
                return lookup.thenApply(answer -> finish(answer, body));
            }
            return lookup.thenApplyAsync(answer -> finish(answer, body), executor);
        }

        private String finish(DnsAnswer answer, String bodyProblem) {
            try {
                if (answer.isTempFail()) {
                    return TEMPORARY + " (" + answer.detail() + ")";
                }
                if (answer.isEmpty() || answer.records().isEmpty()) {
                    return "no key (" + answer.status().name().toLowerCase(Locale.ROOT) + " at " + answer.name() + ")";
                }
                DkimKey key = usableKey(answer.records(), algorithm);
                if (key.rsaBits() > MAX_RSA_BITS) {
                    return "oversized RSA key (" + key.rsaBits() + " bits)";
                }
                if (bodyProblem != null) {
                    return bodyProblem;
                }
                if (!key.verify(algorithm, data, signature)) {
                    return "signature did not verify";
                }
                if (algorithm == SigningAlgorithm.RSA_SHA1 && !policy.allowRsaSha1()) {
                    return "rsa-sha1 not accepted (RFC 8301)";
                }
                if (key.rsaBits() > 0 && key.rsaBits() < policy.minRsaBits()) {
                    return "RSA key of " + key.rsaBits() + " bits, minimum " + policy.minRsaBits() + " (RFC 8301)";
                }
                return null;
            } catch (DkimPermError e) {
                return e.getMessage();
            } catch (RuntimeException e) {
                return "internal error: " + e;
            }
        }
    }

    /** The first record that parses and fits the algorithm. */
    private static DkimKey usableKey(List<String> records, SigningAlgorithm algorithm) throws DkimPermError {
        DkimPermError first = null;
        for (String record : records) {
            try {
                DkimKey key = DkimKey.parse(record);
                key.checkUsableFor(algorithm);
                return key;
            } catch (DkimPermError e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    @Override
    public String toString() {
        return "ArcVerifier[" + policy + "]";
    }
}
