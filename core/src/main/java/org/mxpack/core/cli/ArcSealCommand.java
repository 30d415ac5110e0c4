package org.mxpack.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mxpack.core.arc.ArcKeys;
import org.mxpack.core.arc.ArcSealException;
import org.mxpack.core.arc.ArcSealer;
import org.mxpack.core.arc.ArcSet;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.arc.ArcVerifier;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.RawMessage;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.message.HeaderSectionReader;
import org.mxpack.core.message.MessageSource;

/**
 * {@code mxpack arc-seal}: reads a message on standard input, validates the ARC chain it carries, and
 * writes it with one new ARC set on top. The ARC-Authentication-Results carries the results of the
 * message's Authentication-Results fields of our authserv-id (an MTA's own verdicts) and {@code arc=} as
 * just validated; {@code cv=} follows that validation.
 */
public final class ArcSealCommand implements StreamCommand {
    private static final Set<String> VALUED = Set.of("domain", "selector", "key", "authserv-id", "dns", "dns-timeout",
            "now");
    private static final Set<String> FLAGS = Set.of("help");

    @Override
    public String summary() {
        return "add an ARC set to a message on stdin, write it to stdout (RFC 8617)";
    }

    @Override
    public int run(List<String> args, InputStream in, OutputStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(new PrintStream(out, true, StandardCharsets.UTF_8));
            return 0;
        }
        String domain = required(o, "domain");
        String selector = required(o, "selector");
        String keyFile = required(o, "key");
        String authservId = required(o, "authserv-id");
        PrivateKey key;
        try {
            key = ArcKeys.rsaPrivateKey(Files.readString(Paths.get(keyFile), StandardCharsets.ISO_8859_1));
        } catch (IOException | GeneralSecurityException e) {
            err.println("mxpack arc-seal: cannot use the key file " + keyFile + ": " + e.getMessage());
            return 2;
        }
        DkimPolicy policy = ArcCommand.policy(o);
        Clock clock = o.has("now") ? Clock.fixed(Instant.ofEpochSecond(o.getLong("now", 0)), ZoneOffset.UTC)
                : Clock.systemUTC();
        ArcSealer sealer;
        try {
            sealer = ArcSealer.rsaSha256(key, domain, selector, authservId).withClock(clock).withLimits(policy);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] raw = readAll(in, (long) policy.maxHeaderBytes() + policy.maxBodyBytes() + 4);
        if (raw == null) {
            err.println("mxpack arc-seal: the message is larger than mxpack seals");
            return 1;
        }
        ArcVerdict chain = new ArcVerifier(new DnsjavaResolver(o.dnsSettings()), policy).verify(raw).join();
        try {
            ArcSet set = sealer.seal(MessageSource.of(raw), chain, ourResults(raw, authservId, policy));
            out.write(set.prependTo(raw));
            out.flush();
        } catch (ArcSealException e) {
            err.println("mxpack arc-seal: " + e.getMessage());
            return 1;
        }
        err.println("mxpack arc-seal: sealed, cv from arc=" + chain.result().keyword()
                + (chain.reason().isEmpty() ? "" : " (" + chain.reason() + ")"));
        return 0;
    }

    /** The resinfos of the message's Authentication-Results fields of {@code authservId}, without arc= ones. */
    static String ourResults(byte[] raw, String authservId, DkimPolicy policy) throws IOException {
        List<String> kept = new ArrayList<>();
        byte[] head = HeaderSectionReader.readAtMost(new java.io.ByteArrayInputStream(raw), policy.maxHeaderBytes());
        for (String field : RawMessage.fields(RawMessage.toCrlf(head))) {
            if (!RawMessage.nameOf(field).equalsIgnoreCase("Authentication-Results")) {
                continue;
            }
            String value = RawMessage.valueOf(field).replace("\r\n", " ").trim();
            int semi = value.indexOf(';');
            String id = (semi < 0 ? value : value.substring(0, semi)).trim().split("[ \t]+")[0];
            if (!id.equalsIgnoreCase(authservId) || semi < 0) {
                continue;
            }
            for (String resinfo : value.substring(semi + 1).split(";")) {
                String r = resinfo.trim();
                String method = r.split("[ \t=/]", 2)[0].toLowerCase(Locale.ROOT);
                if (!r.isEmpty() && !method.equals("arc") && !method.equals("none")) {
                    kept.add(r);
                }
            }
        }
        return String.join("; ", kept);
    }

    private static byte[] readAll(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static String required(Options o, String name) throws UsageException {
        String v = o.get(name, null);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required (see --help)");
        }
        return v;
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack arc-seal --domain D --selector S --key FILE --authserv-id ID");
        out.println("                       [--dns HOST:PORT]... [--dns-timeout MS] [--now EPOCH_SECONDS] < msg.eml > sealed.eml");
        out.println("  validates the ARC chain of the message on stdin and writes it with one new ARC set on top");
        out.println("  (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results; rsa-sha256, relaxed/relaxed)");
        out.println("  --domain D        d= of the new set; the public key is at S._domainkey.D");
        out.println("  --selector S      s= of the new set");
        out.println("  --key FILE        PEM RSA private key, PKCS#8 or PKCS#1");
        out.println("  --authserv-id ID  our authserv-id: the AAR starts with it and carries the results of the");
        out.println("                    message's Authentication-Results of this id, and arc= as validated here");
        out.println("  --now SECONDS     t= of the new set and the clock of the validation (default: now)");
        out.println("  exit 0 sealed; 1 cannot seal (50 sets already, too large), nothing written; 2 usage");
    }
}
