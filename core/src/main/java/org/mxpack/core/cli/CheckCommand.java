package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.lists.Cidr;
import org.mxpack.core.policy.ConfiguredPolicy;
import org.mxpack.core.policy.Dialogue;

/**
 * {@code mxpack check}: the whole SMTP-time policy offline, stage by stage, with the configuration
 * James would use (like rspamc / spfquery for this pack).
 */
public final class CheckCommand implements Command {
    private static final Set<String> VALUED = Set.of("conf", "dns", "dns-timeout", "local-domain", "ip", "helo",
            "mail-from", "rcpt", "file");
    private static final Set<String> FLAGS = Set.of("json", "stdin", "help");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "the whole SMTP-time policy offline: each stage's reply for a client, sender, recipients, message";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        Duration timeout = o.dnsTimeout().orElse(null);
        Path conf = Paths.get(o.get("conf", System.getenv().getOrDefault("MXPACK_CONF", "conf")));
        ConfiguredPolicy policy;
        try {
            policy = ConfiguredPolicy.load(conf, o.all("dns"), timeout, o.all("local-domain"));
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("mxpack check: " + e.getMessage());
            return 2;
        }
        try (policy) {
            Dialogue dialogue = new Dialogue(policy);
            if (o.has("stdin")) {
                return batch(dialogue, in, out, o.has("json"));
            }
            if (!o.has("ip") || !o.has("helo")) {
                throw new UsageException("give --ip and --helo (and --mail-from, --rcpt, --file), or --stdin");
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("ip", o.get("ip", ""));
            input.put("helo", o.get("helo", ""));
            input.put("mail_from", o.get("mail-from", ""));
            input.put("rcpt", o.all("rcpt"));
            input.put("file", o.get("file", null));
            Map<String, Object> result = check(dialogue, JSON.valueToTree(input), "check-1");
            if (o.has("json")) {
                out.println(JSON.writeValueAsString(result));
            } else {
                printHuman(result, out);
            }
            return 0;
        }
    }

    private static int batch(Dialogue dialogue, BufferedReader in, PrintStream out, boolean json) throws IOException {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return JsonLines.runNow(in, out, line -> {
            Map<String, Object> result;
            try {
                result = check(dialogue, JSON.readTree(line), "check-" + n.incrementAndGet());
            } catch (IOException | IllegalArgumentException e) {
                result = new LinkedHashMap<>();
                result.put("error", e.getMessage());
            }
            return json ? json(result) : human(result);
        });
    }

    private static String json(Map<String, Object> result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (IOException e) {
            return "{\"error\":\"cannot write the answer\"}";
        }
    }

    /** The human form of one result, followed by an empty line. */
    private static String human(Map<String, Object> result) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream p = new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        printHuman(result, p);
        p.flush();
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        return text.endsWith(System.lineSeparator()) ? text : text + System.lineSeparator();
    }

    static Map<String, Object> check(Dialogue dialogue, JsonNode in, String sessionId) throws IOException {
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        byte[] ip = Cidr.literal(text(in, "ip"));
        if (ip == null) {
            throw new IllegalArgumentException("\"ip\" must be an IPv4 or IPv6 address, not '" + text(in, "ip") + "'");
        }
        List<String> rcpts = new ArrayList<>();
        JsonNode r = in.get("rcpt");
        if (r != null && r.isArray()) {
            r.forEach(x -> rcpts.add(x.asText()));
        } else if (r != null && r.isTextual()) {
            rcpts.add(r.asText());
        }
        byte[] raw = null;
        String file = text(in, "file");
        if (!file.isEmpty()) {
            Path p = Paths.get(file);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no message file " + file);
            }
            raw = Files.readAllBytes(p);
        }
        Dialogue.Transcript t = dialogue.play(InetAddress.getByAddress(ip), text(in, "helo"), text(in, "mail_from"),
                rcpts, raw, sessionId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connect", t.connect);
        out.put("helo", t.helo);
        out.put("mail", t.mail);
        out.put("rcpt", t.rcpt);
        out.put("data", t.data);
        out.put("authentication_results", t.authenticationResults);
        return out;
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void printHuman(Map<String, Object> result, PrintStream out) {
        for (Map.Entry<String, Object> e : result.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List) {
                for (Object x : (List<?>) v) {
                    out.printf("%-8s %s%n", e.getKey(), x);
                }
            } else if (v != null) {
                out.printf("%-8s %s%n", e.getKey().equals("authentication_results") ? "header" : e.getKey(), v);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack check [--conf DIR] [--dns HOST:PORT]... [--dns-timeout MS] [--local-domain DOMAIN]...");
        out.println("                    (--json --stdin | --ip IP --helo NAME [--mail-from ADDR] [--rcpt ADDR]... [--file MSG])");
        out.println("  Plays one SMTP dialogue per input through mxpack's policy, configured by DIR/smtpserver.xml");
        out.println("  and DIR/mxpack.xml (default: $MXPACK_CONF, set by the launcher to the shipped conf).");
        out.println("  --stdin in : {\"ip\":\"192.0.2.1\",\"helo\":\"mail.example.com\",\"mail_from\":\"user@example.com\",");
        out.println("               \"rcpt\":[\"someone@example.org\"],\"file\":\"/absolute/path/message.eml\"}");
        out.println("  --json out : {\"connect\":\"220 ...\",\"helo\":\"250 ...\",\"mail\":\"250 ...\",\"rcpt\":[\"250 ...\"],");
        out.println("               \"data\":\"250 ...\",\"authentication_results\":\"Authentication-Results: ...\"}");
        out.println("  A stage after a refusal is null. Offline, a recipient is routable when its domain is a");
        out.println("  --local-domain or a relay domain of mxpack.xml.");
    }
}
