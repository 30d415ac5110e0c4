package org.mxpack.core.arc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.mxpack.core.dkim.BodyHashes;
import org.mxpack.core.dkim.Canonicalization;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dkim.RawMessage;
import org.mxpack.core.dkim.TagList;
import org.mxpack.core.message.HeaderSectionReader;
import org.mxpack.core.message.MessageSource;

/**
 * Adds one ARC set to a message (RFC 8617 §5.1), rsa-sha256, relaxed/relaxed: the caller has verified
 * the chain it received ({@link ArcVerifier}) and says what it authenticated (its Authentication-Results
 * text); the sealer numbers its set after the highest instance on the message, takes {@code cv=} from the
 * verdict ({@code none} for the first set, else {@code pass} when the chain passed, {@code fail}
 * otherwise) and returns the three fields. With {@code cv=fail} the seal covers only its own set
 * (RFC 8617 §5.1.2), as dkimpy does. Immutable; {@code t=} comes from the injected clock.
 */
public final class ArcSealer {
    /** What the AMS signs when present (each occurrence); From always. */
    public static final List<String> DEFAULT_SIGNED_HEADERS = List.of("from", "sender", "reply-to", "to", "cc",
            "subject", "date", "message-id", "in-reply-to", "references", "mime-version", "content-type",
            "content-transfer-encoding", "content-disposition", "list-id", "list-post", "list-unsubscribe",
            "dkim-signature");
    private static final Pattern HAS_ARC_RESULT = Pattern.compile("(^|;)[ \t\r\n]*arc[ \t\r\n]*=",
            Pattern.CASE_INSENSITIVE);
    private static final int READ_BUFFER = 64 * 1024;
    private static final int FOLD = 72;

    private final PrivateKey key;
    private final String domain;
    private final String selector;
    private final String authservId;
    private final Clock clock;
    private final List<String> signedHeaders;
    private final DkimPolicy limits;

    private ArcSealer(PrivateKey key, String domain, String selector, String authservId, Clock clock,
            List<String> signedHeaders, DkimPolicy limits) {
        this.key = Objects.requireNonNull(key);
        this.domain = requireName(domain, "domain");
        this.selector = requireName(selector, "selector");
        this.authservId = Objects.requireNonNull(authservId).trim();
        if (this.authservId.isEmpty() || this.authservId.matches(".*[\\s;()\"].*")) {
            throw new IllegalArgumentException("authserv-id must be one token, not '" + authservId + "'");
        }
        this.clock = Objects.requireNonNull(clock);
        this.signedHeaders = List.copyOf(signedHeaders);
        this.limits = Objects.requireNonNull(limits);
    }

    private static String requireName(String value, String what) {
        if (value == null || !TagList.isDomainName(value)) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
        }
        return value;
    }

    /** A sealer signing as {@code selector._domainkey.domain} for the ADMD named {@code authservId}. */
    public static ArcSealer rsaSha256(PrivateKey key, String domain, String selector, String authservId) {
        return new ArcSealer(key, domain, selector, authservId, Clock.systemUTC(), DEFAULT_SIGNED_HEADERS,
                DkimPolicy.defaults());
    }

    /** The clock for {@code t=}. */
    public ArcSealer withClock(Clock value) {
        return new ArcSealer(key, domain, selector, authservId, value, signedHeaders, limits);
    }

    /** The header names the ARC-Message-Signature signs when present (lower case; From is always signed). */
    public ArcSealer withSignedHeaders(List<String> value) {
        return new ArcSealer(key, domain, selector, authservId, clock, value, limits);
    }

    /** Header and body size limits (those of the verifier's policy). */
    public ArcSealer withLimits(DkimPolicy value) {
        return new ArcSealer(key, domain, selector, authservId, clock, signedHeaders, value);
    }

    public String authservId() {
        return authservId;
    }

    public ArcSet seal(byte[] rawMessage, ArcVerdict chain, String authResults) throws ArcSealException {
        return seal(MessageSource.of(rawMessage), chain, authResults);
    }

    /**
     * The new ARC set for the message.
     *
     * @param chain       the verdict of {@link ArcVerifier} on this same message
     * @param authResults what this ADMD authenticated, as Authentication-Results resinfo text
     *                    ({@code spf=pass smtp.mailfrom=...; dkim=...}), with or without the leading
     *                    authserv-id; {@code arc=RESULT} from {@code chain} is added when it has none
     */
    public ArcSet seal(MessageSource message, ArcVerdict chain, String authResults) throws ArcSealException {
        List<String> fields;
        BodyHashes bodies = new BodyHashes();
        bodies.want(Canonicalization.RELAXED, "SHA-256", -1);
        try (InputStream in = new BufferedInputStream(message.open(), READ_BUFFER)) {
            fields = RawMessage.fields(RawMessage.toCrlf(HeaderSectionReader.read(in, limits.maxHeaderBytes())));
            byte[] buffer = new byte[READ_BUFFER];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limits.maxBodyBytes()) {
                    throw new ArcSealException("body larger than " + limits.maxBodyBytes() + " bytes");
                }
                bodies.update(buffer, 0, n);
            }
            bodies.finish();
        } catch (IOException e) {
            throw new ArcSealException("cannot read the message: " + e.getMessage(), e);
        }
        int instance = ArcChain.highestInstance(fields) + 1;
        if (instance > ArcChain.MAX_INSTANCES) {
            throw new ArcSealException("the message already has " + ArcChain.MAX_INSTANCES
                    + " ARC sets (RFC 8617 §4.2.1)");
        }
        ArcChain previous = null;
        ArcResult cv = ArcResult.NONE;
        if (instance > 1) {
            cv = chain != null && chain.isPass() ? ArcResult.PASS : ArcResult.FAIL;
            if (cv == ArcResult.PASS) {
                try {
                    previous = ArcChain.parse(fields);
                    if (previous.size() != instance - 1) {
                        previous = null;
                    }
                } catch (ArcChain.Invalid e) {
                    previous = null;
                }
                cv = previous == null ? ArcResult.FAIL : ArcResult.PASS;
            }
        }
        long t = clock.instant().getEpochSecond();
        try {
            String aar = "ARC-Authentication-Results: i=" + instance + "; " + authservId + ";\r\n\t"
                    + results(authResults, chain);
            String ams = messageSignature(instance, t, fields, bodies);
            String seal = seal(instance, t, cv, previous, aar, ams);
            return new ArcSet(instance, aar, ams, seal);
        } catch (GeneralSecurityException e) {
            throw new ArcSealException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** The resinfo list: the caller's (authserv-id and line breaks removed) plus arc= when missing. */
    private String results(String authResults, ArcVerdict chain) {
        String r = authResults == null ? "" : ArcChain.unfold(authResults).trim();
        if (r.regionMatches(true, 0, authservId, 0, authservId.length())) {
            String rest = r.substring(authservId.length()).trim();
            if (rest.isEmpty() || rest.startsWith(";")) {
                r = rest.isEmpty() ? "" : rest.substring(1).trim();
            }
        }
        List<String> resinfos = new ArrayList<>();
        for (String each : ArcChain.splitResinfos(r)) {
            if (!each.isEmpty()) {
                resinfos.add(each);
            }
        }
        if (!HAS_ARC_RESULT.matcher(r).find()) {
            ArcVerdict v = chain == null ? ArcVerdict.none() : chain;
            resinfos.add("arc=" + v.result().keyword());
        }
        return String.join(";\r\n\t", resinfos); // one resinfo a line
    }

    private String messageSignature(int instance, long t, List<String> fields, BodyHashes bodies)
            throws GeneralSecurityException {
        Map<String, List<String>> byName = new HashMap<>();
        for (String f : fields) {
            byName.computeIfAbsent(RawMessage.nameOf(f).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
        }
        List<String> signed = new ArrayList<>();
        for (String name : signedHeaders) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(ArcChain.AS)) {
                continue; // RFC 8617 §4.1.2: the AMS must not sign ARC-Seal
            }
            int count = byName.getOrDefault(n, List.of()).size();
            for (int i = 0; i < count; i++) {
                signed.add(n);
            }
            if (count == 0 && n.equals("from")) {
                signed.add(n);
            }
        }
        if (!signed.contains("from")) {
            signed.add(0, "from");
        }
        String bh = Base64.getEncoder().encodeToString(bodies.hash(Canonicalization.RELAXED, "SHA-256", -1));
        String field = "ARC-Message-Signature: i=" + instance + "; a=rsa-sha256; c=relaxed/relaxed; d=" + domain
                + "; s=" + selector + "; t=" + t + ";\r\n\th=" + String.join(":", signed) + ";\r\n\tbh=" + bh
                + ";\r\n\tb=";
        byte[] data = DkimVerifier.headerData(Canonicalization.RELAXED, signed, byName, field);
        return field + fold(sign(data));
    }

    private String seal(int instance, long t, ArcResult cv, ArcChain previous, String aar, String ams)
            throws GeneralSecurityException {
        String field = "ARC-Seal: i=" + instance + "; a=rsa-sha256; t=" + t + "; cv=" + cv.keyword() + "; d=" + domain
                + "; s=" + selector + ";\r\n\tb=";
        Canonicalization relaxed = Canonicalization.RELAXED;
        StringBuilder data = new StringBuilder();
        if (previous != null) {
            for (ArcChain.Set s : previous.sets()) {
                data.append(relaxed.header(s.aar)).append(relaxed.header(s.ams)).append(relaxed.header(s.seal));
            }
        }
        data.append(relaxed.header(aar)).append(relaxed.header(ams));
        String self = relaxed.header(field);
        data.append(self, 0, self.length() - 2);
        return field + fold(sign(data.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    private byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(data);
        return rsa.sign();
    }

    private static String fold(byte[] signature) {
        String b = Base64.getEncoder().encodeToString(signature);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b.length(); i += FOLD) {
            if (i > 0) {
                out.append("\r\n\t");
            }
            out.append(b, i, Math.min(b.length(), i + FOLD));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ArcSealer[d=" + domain + ", s=" + selector + ", authserv-id=" + authservId + "]"; // never the key
    }
}
