package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code mxpack dkim}: verifies the DKIM signatures of message files. With {@code --stdin} it reads
 * {@code {"file":"/abs/path.eml"}} lines and writes
 * {@code {"result":"..","signatures":[{"d","s","a","result","reason"}]}} lines, one resolver for all.
 */
public final class DkimCommand implements Command {
    private static final Set<String> VALUED = Set.of("dns", "dns-timeout", "min-rsa-bits", "now", "file");
    private static final Set<String> FLAGS = Set.of("allow-rsa-sha1", "stdin", "help");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "verify the DKIM signatures of a message (RFC 6376, RFC 8301, RFC 8463)";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        DkimVerifier verifier = new DkimVerifier(resolver(o), policy(o));
        if (o.has("stdin")) {
            return JsonLines.runNow(in, out, line -> json(answer(verifier, line)));
        }
        String file = o.get("file", o.positional().isEmpty() ? null : o.positional().get(0));
        if (file == null) {
            throw new UsageException("give --file PATH or --stdin (see --help)");
        }
        DkimVerdict v = verifier.verifyBlocking(read(verifier, Paths.get(file)));
        out.println("dkim=" + v.result().keyword() + (v.reason().isEmpty() ? "" : " (" + v.reason() + ")"));
        int n = 1;
        for (DkimSignatureVerdict s : v.signatures()) {
            out.printf("  signature %d: %s d=%s s=%s a=%s%s%n", n++, s.result().keyword(), s.domain(), s.selector(),
                    s.algorithm(), s.reason().isEmpty() ? "" : " (" + s.reason() + ")");
        }
        if (v.skipped() > 0) {
            out.println("  " + v.skipped() + " more signatures not verified (limit)");
        }
        return v.result() == DkimResult.PASS ? 0 : 1;
    }

    private static Map<String, Object> answer(DkimVerifier verifier, String line) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode file = node == null ? null : node.get("file");
            if (file == null || !file.isTextual()) {
                m.put("error", "expected {\"file\":\"/absolute/path\"}");
                return m;
            }
            DkimVerdict v = verifier.verifyBlocking(read(verifier, Paths.get(file.asText())));
            m.put("result", v.result().keyword());
            List<Object> sigs = new ArrayList<>();
            for (DkimSignatureVerdict s : v.signatures()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("d", s.domain());
                sm.put("s", s.selector());
                sm.put("a", s.algorithm());
                sm.put("result", s.result().keyword());
                sm.put("reason", s.reason());
                sigs.add(sm);
            }
            m.put("signatures", sigs);
        } catch (IOException | RuntimeException e) {
            m.clear();
            m.put("error", String.valueOf(e.getMessage()));
        }
        return m;
    }

    /** Reads the file, refusing ones larger than the policy could ever verify (bounded memory). */
    private static byte[] read(DkimVerifier verifier, Path path) throws IOException {
        long limit = (long) verifier.policy().maxHeaderBytes() + verifier.policy().maxBodyBytes() + 4;
        if (Files.size(path) > limit) {
            throw new IOException(path + " is larger than " + limit + " bytes");
        }
        return Files.readAllBytes(path);
    }

    private static Dns resolver(Options o) throws UsageException {
        return new DnsjavaResolver(o.dnsSettings());
    }

    private static DkimPolicy policy(Options o) throws UsageException {
        DkimPolicy p = DkimPolicy.defaults();
        if (o.has("min-rsa-bits")) {
            long bits = o.getLong("min-rsa-bits", DkimPolicy.DEFAULT_MIN_RSA_BITS);
            if (bits < 0 || bits > 16384) {
                throw new UsageException("--min-rsa-bits must be between 0 and 16384");
            }
            p = p.withMinRsaBits((int) bits);
        }
        if (o.has("allow-rsa-sha1")) {
            p = p.withAllowRsaSha1(true);
        }
        if (o.has("now")) {
            p = p.withClock(Clock.fixed(Instant.ofEpochSecond(o.getLong("now", 0)), ZoneOffset.UTC));
        }
        return p;
    }

    private static long positive(Options o, String name) throws UsageException {
        long v = o.getLong(name, 0);
        if (v <= 0) {
            throw new UsageException("--" + name + " must be positive");
        }
        return v;
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack dkim [--dns HOST:PORT]... [--dns-timeout MS] [--min-rsa-bits N] [--allow-rsa-sha1]");
        out.println("                   [--now EPOCH_SECONDS] (--stdin | --file PATH)");
        out.println("  --stdin           read {\"file\":\"/absolute/path.eml\"} lines, write one JSON result per line:");
        out.println("                    {\"result\":\"pass|fail|neutral|none|temperror|permerror|policy\",");
        out.println("                     \"signatures\":[{\"d\":..,\"s\":..,\"a\":..,\"result\":..,\"reason\":..}]}");
        out.println("  --file PATH       verify one message, human-readable; exit 0 on pass, 1 otherwise");
        out.println("  --dns HOST:PORT   DNS server (repeatable; default: the system's)");
        out.println("  --dns-timeout MS  per-query timeout (default " + DnsSettings.DEFAULT_TIMEOUT.toMillis() + ")");
        out.println("  --min-rsa-bits N  shorter RSA keys give 'policy' (default " + DkimPolicy.DEFAULT_MIN_RSA_BITS
                + ", RFC 8301)");
        out.println("  --allow-rsa-sha1  accept rsa-sha1 signatures (default: 'policy', RFC 8301)");
        out.println("  --now SECONDS     the clock for t= and x= (default: now)");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"error\":\"cannot write the answer\"}";
        }
    }
}
