package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfVerdict;

/**
 * {@code mxpack spf}: RFC 7208 check of one client. With {@code --stdin}, one JSON object per line in
 * ({@code {"ip":..,"helo":..,"mail_from":..}}, {@code mail_from ""} = null sender, optional
 * {@code "identity":"helo"}) and one JSON object per line out, in input order. Lines are checked
 * concurrently (one resolver and checker for all) and each answer is flushed as soon as it and all
 * before it are done, so both batches and line-by-line clients work.
 */
public final class SpfCommand implements Command {
    private static final Set<String> VALUED = Set.of("dns", "dns-timeout", "ip", "helo", "mail-from", "receiver");
    private static final Set<String> FLAGS = Set.of("stdin", "help");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "SPF (RFC 7208) check of a client IP, HELO name and MAIL FROM";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + o.positional().get(0) + "'");
        }
        DnsSettings settings = o.dnsSettings();
        String receiver = o.has("receiver") ? o.get("receiver", "") : localHostName();
        SpfChecker checker = new SpfChecker(new DnsjavaResolver(settings)).withReceiver(receiver);
        if (o.has("stdin")) {
            return JsonLines.run(in, out, line -> check(checker, line));
        }
        return single(checker, o, out);
    }

    private static int single(SpfChecker checker, Options o, PrintStream out) throws UsageException {
        if (!o.has("ip") || !o.has("helo")) {
            throw new UsageException("--ip and --helo are required without --stdin (see --help)");
        }
        InetAddress ip;
        try {
            ip = SpfChecker.parseAddress(o.get("ip", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String helo = o.get("helo", "");
        String mailFrom = o.get("mail-from", "");
        SpfVerdict v = checker.checkMailFromNow(ip, helo, mailFrom);
        out.println("result:      " + v.result().keyword());
        out.println("identity:    " + v.identity().keyword() + " (" + v.sender() + ")");
        if (!v.mechanism().isEmpty()) {
            out.println("mechanism:   " + v.mechanism());
        }
        if (!v.explanation().isEmpty()) {
            out.println("explanation: " + v.explanation());
        }
        if (!v.problem().isEmpty()) {
            out.println("problem:     " + v.problem());
        }
        out.println(v.receivedSpfHeader(checker.receiver()));
        out.flush();
        return 0;
    }

    /** One input line to its (future) output line; never fails. */
    private static CompletableFuture<String> check(SpfChecker checker, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                return done(error("input line is not a JSON object"));
            }
            JsonNode ipNode = node.get("ip");
            if (ipNode == null || !ipNode.isTextual()) {
                return done(error("missing \"ip\""));
            }
            InetAddress ip = SpfChecker.parseAddress(ipNode.asText());
            String helo = text(node, "helo");
            String mailFrom = text(node, "mail_from");
            boolean heloIdentity = "helo".equalsIgnoreCase(text(node, "identity"));
            CompletableFuture<SpfVerdict> f = heloIdentity ? checker.checkHelo(ip, helo)
                    : checker.checkMailFrom(ip, helo, mailFrom);
            return f.thenApply(v -> render(v, checker.receiver()))
                    .exceptionally(e -> error("internal error: " + e));
        } catch (JsonProcessingException e) {
            return done(error("bad JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            return done(error(e.getMessage()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }

    static String render(SpfVerdict v, String receiver) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", v.result().keyword());
        m.put("explanation", v.explanation());
        m.put("received_spf", v.receivedSpfHeader(receiver));
        m.put("mechanism", v.mechanism());
        m.put("problem", v.problem());
        m.put("identity", v.identity().keyword());
        m.put("domain", v.domain());
        return json(m);
    }

    private static String error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return json(m);
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> done(String line) {
        return CompletableFuture.completedFuture(line);
    }

    /** The default receiver: /etc/hostname or $HOSTNAME first, so no DNS lookup delays the start. */
    static String localHostName() {
        try {
            Path p = Paths.get("/etc/hostname");
            if (Files.isReadable(p)) {
                String name = new String(Files.readAllBytes(p), StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack spf [--dns HOST:PORT]... [--dns-timeout MS] [--receiver NAME] --stdin");
        out.println("       mxpack spf [--dns HOST:PORT]... [--dns-timeout MS] [--receiver NAME]");
        out.println("                  --ip IP --helo NAME [--mail-from ADDRESS]");
        out.println();
        out.println("RFC 7208 SPF check. With --stdin, reads one JSON object per line:");
        out.println("  {\"ip\":\"192.0.2.1\",\"helo\":\"mail.example.com\",\"mail_from\":\"user@example.com\"}");
        out.println("  (mail_from \"\" = null sender: postmaster@<helo> is checked; \"identity\":\"helo\" checks HELO)");
        out.println("and writes one JSON object per line, in order:");
        out.println("  {\"result\":\"pass|fail|softfail|neutral|none|temperror|permerror\",\"explanation\":\"...\",");
        out.println("   \"received_spf\":\"Received-SPF: ...\",\"mechanism\":\"...\",\"problem\":\"...\",...}");
        out.println();
        out.println("  --dns HOST:PORT   DNS server (repeatable; default: the system resolvers)");
        out.println("  --dns-timeout MS  per-query timeout (default 5000)");
        out.println("  --receiver NAME   our host name, for %{r} and Received-SPF (default: the local host name)");
    }
}
