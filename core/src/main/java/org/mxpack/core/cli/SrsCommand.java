package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;
import org.mxpack.core.srs.SrsResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code mxpack srs forward|reverse}: the SRS rewriting of one address, or with {@code --stdin} of one
 * {@code {"address":..}} JSON object per line. Exit 0 with the address on stdout, 1 with the reason on
 * stderr when the address is not rewritten, 2 for usage errors.
 */
public final class SrsCommand implements Command {
    private static final Set<String> VALUED = Set.of("secret", "secret-file", "domain", "now", "max-age",
            "hash-length", "separator");
    private static final Set<String> FLAGS = Set.of("stdin", "help");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "SRS forward / reverse of an envelope sender (libsrs2 / Mail::SRS compatible)";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        List<String> pos = o.positional();
        if (pos.isEmpty() || !(pos.get(0).equals("forward") || pos.get(0).equals("reverse"))) {
            throw new UsageException("give 'forward' or 'reverse' (see --help)");
        }
        boolean forward = pos.get(0).equals("forward");
        Srs srs = Srs.of(config(o, forward));
        Instant now = o.has("now") ? Instant.ofEpochSecond(o.getLong("now", 0)) : null;
        if (o.has("stdin")) {
            if (pos.size() > 1) {
                throw new UsageException("no ADDRESS with --stdin");
            }
            return JsonLines.runNow(in, out, line -> answer(srs, forward, now, line));
        }
        if (pos.size() != 2) {
            throw new UsageException(pos.size() < 2 ? "give one ADDRESS" : "give only one ADDRESS");
        }
        SrsResult r = apply(srs, forward, bare(pos.get(1)), now == null ? Instant.now() : now);
        if (!r.ok()) {
            err.println("mxpack srs " + pos.get(0) + ": " + r.error().get().keyword() + ": " + r.reason());
            return 1;
        }
        out.println(r.address());
        return 0;
    }

    private static SrsResult apply(Srs srs, boolean forward, String address, Instant now) {
        return forward ? srs.forward(address, now) : srs.reverse(address, now);
    }

    /** {@code <a@b>} as {@code a@b}, {@code <>} as the null sender. */
    private static String bare(String address) {
        return address.length() >= 2 && address.startsWith("<") && address.endsWith(">")
                ? address.substring(1, address.length() - 1) : address;
    }

    private static String answer(Srs srs, boolean forward, Instant now, String line) {
        Map<String, Object> m;
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode a = node == null ? null : node.get("address");
            if (a == null || !a.isTextual()) {
                m = error("expected {\"address\":\"...\"} (optionally \"now\": epoch seconds)");
            } else {
                JsonNode n = node.get("now");
                Instant at = n != null && n.canConvertToLong() ? Instant.ofEpochSecond(n.asLong())
                        : now != null ? now : Instant.now();
                m = apply(srs, forward, bare(a.asText()), at).toMap();
            }
        } catch (JsonProcessingException e) {
            m = error("bad JSON: " + e.getOriginalMessage());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    private static SrsConfig config(Options o, boolean forward) throws UsageException, IOException {
        List<String> secrets = new ArrayList<>(o.all("secret"));
        if (o.has("secret-file")) {
            for (String line : Files.readAllLines(Paths.get(o.get("secret-file", "")), StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    secrets.add(s);
                }
            }
        }
        if (secrets.isEmpty()) {
            throw new UsageException("give --secret S (repeatable; the first signs, all verify)");
        }
        if (forward && !o.has("domain")) {
            throw new UsageException("forward needs --domain FORWARDER_DOMAIN");
        }
        try {
            SrsConfig c = SrsConfig.of(o.get("domain", ""), secrets);
            if (o.has("hash-length")) {
                c = c.withHashLength(intOption(o, "hash-length", SrsConfig.DEFAULT_HASH_LENGTH));
            }
            if (o.has("max-age")) {
                c = c.withMaxAgeDays(intOption(o, "max-age", SrsConfig.DEFAULT_MAX_AGE_DAYS));
            }
            if (o.has("separator")) {
                String s = o.get("separator", "=");
                if (s.length() != 1) {
                    throw new UsageException("--separator must be one of = + -");
                }
                c = c.withSeparator(s.charAt(0));
            }
            if (forward && c.domain().isEmpty()) {
                throw new UsageException("--domain must not be empty");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Out-of-range values become -1, which the config then refuses with its own message. */
    private static int intOption(Options o, String name, int fallback) throws UsageException {
        long v = o.getLong(name, fallback);
        return v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack srs forward --secret S [--secret S]... --domain FORWARDER_DOMAIN");
        out.println("                          [--now EPOCH_SECONDS] [--hash-length N] [--separator =|+|-] ADDRESS");
        out.println("       mxpack srs reverse --secret S [--secret S]... [--max-age DAYS] [--now EPOCH_SECONDS]");
        out.println("                          [--hash-length N] ADDRESS");
        out.println("       mxpack srs forward|reverse ... --stdin");
        out.println();
        out.println("Sender Rewriting Scheme, compatible with libsrs2 (postsrsd) and Mail::SRS (srs).");
        out.println("Prints the rewritten address and exits 0; exits 1 with the reason on stderr when the");
        out.println("address cannot be rewritten (forward: null sender, no domain; reverse: not SRS, bad");
        out.println("syntax, bad hash, expired). A sender already in FORWARDER_DOMAIN is printed unchanged.");
        out.println();
        out.println("  --secret S        HMAC secret (repeatable: the first signs, all verify)");
        out.println("  --secret-file F   more secrets, one per line ('#' comments)");
        out.println("  --domain D        our SRS domain, the domain of forwarded senders");
        out.println("  --max-age DAYS    reverse: oldest timestamp accepted (default " + SrsConfig.DEFAULT_MAX_AGE_DAYS
                + ", at most " + SrsConfig.MAX_MAX_AGE_DAYS + ")");
        out.println("  --now SECONDS     the clock (default: now)");
        out.println("  --hash-length N   hash characters (default " + SrsConfig.DEFAULT_HASH_LENGTH + ")");
        out.println("  --separator C     character after SRS0/SRS1 in forwarded addresses (default =)");
        out.println("  --stdin           read {\"address\":\"..\"[,\"now\":SECONDS]} lines, write one JSON object per");
        out.println("                    line: {\"outcome\":\"forwarded|unchanged|reversed|failed\",\"input\":..,");
        out.println("                    \"address\":..,\"error\":..,\"error_class\":..,\"reason\":..}");
    }
}
