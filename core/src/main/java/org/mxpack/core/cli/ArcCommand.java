package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.arc.ArcResult;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.arc.ArcVerifier;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.message.MessageSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code mxpack arc}: validates the ARC chain of message files (RFC 8617). With {@code --stdin} it reads
 * {@code {"file":"/abs/path.eml"}} lines and writes
 * {@code {"arc":"pass|fail|none","instances":N,"oldest_pass":N|null,"reason":".."}} lines.
 */
public final class ArcCommand implements Command {
    private static final Set<String> VALUED = Set.of("dns", "dns-timeout", "now", "file");
    private static final Set<String> FLAGS = Set.of("stdin", "help");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "validate the ARC chain of a message (RFC 8617)";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        ArcVerifier verifier = new ArcVerifier(new DnsjavaResolver(o.dnsSettings()), policy(o));
        if (o.has("stdin")) {
            return JsonLines.run(in, out, line -> answer(verifier, line).thenApply(ArcCommand::json));
        }
        String file = o.get("file", o.positional().isEmpty() ? null : o.positional().get(0));
        if (file == null) {
            throw new UsageException("give --file PATH or --stdin (see --help)");
        }
        ArcVerdict v = verifier.verify(source(Paths.get(file))).join();
        out.println("arc=" + v.result().keyword() + " instances=" + v.instances()
                + (v.oldestPass().isPresent() ? " oldest-pass=" + v.oldestPass().getAsInt() : "")
                + (v.reason().isEmpty() ? "" : " (" + v.reason() + ")"));
        if (!v.sealDomain().isEmpty()) {
            out.println("  newest seal: d=" + v.sealDomain());
        }
        return v.result() == ArcResult.PASS ? 0 : 1;
    }

    static DkimPolicy policy(Options o) throws UsageException {
        DkimPolicy p = DkimPolicy.defaults();
        if (o.has("now")) {
            p = p.withClock(Clock.fixed(Instant.ofEpochSecond(o.getLong("now", 0)), ZoneOffset.UTC));
        }
        return p;
    }

    private static CompletableFuture<Map<String, Object>> answer(ArcVerifier verifier, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode file = node == null ? null : node.get("file");
            if (file == null || !file.isTextual()) {
                return CompletableFuture.completedFuture(error("expected {\"file\":\"/absolute/path\"}"));
            }
            Path path = Paths.get(file.asText());
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                return CompletableFuture.completedFuture(error("cannot read " + path));
            }
            return verifier.verify(source(path)).thenApply(ArcCommand::toJson);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(error(String.valueOf(e.getMessage())));
        }
    }

    /** The contract's four keys, in order. */
    static Map<String, Object> toJson(ArcVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arc", v.result().keyword());
        m.put("instances", v.instances());
        m.put("oldest_pass", v.oldestPass().isPresent() ? v.oldestPass().getAsInt() : null);
        m.put("reason", v.reason());
        return m;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    static MessageSource source(Path path) {
        return new MessageSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public long size() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return 0;
                }
            }
        };
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack arc [--dns HOST:PORT]... [--dns-timeout MS] [--now EPOCH_SECONDS] (--stdin | --file PATH)");
        out.println("  --stdin           read {\"file\":\"/absolute/path.eml\"} lines, write one JSON result per line:");
        out.println("                    {\"arc\":\"pass|fail|none\",\"instances\":N,\"oldest_pass\":N|null,\"reason\":\"..\"}");
        out.println("                    oldest_pass: on pass, the lowest instance down to which every");
        out.println("                    ARC-Message-Signature still validates, 0 = all of them (RFC 8617); else null");
        out.println("  --file PATH       validate one message, human-readable; exit 0 on pass, 1 otherwise");
        out.println("  --dns HOST:PORT   DNS server (repeatable; default: the system's)");
        out.println("  --dns-timeout MS  per-query timeout (default " + DnsSettings.DEFAULT_TIMEOUT.toMillis() + ")");
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
