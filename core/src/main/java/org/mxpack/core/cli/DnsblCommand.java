package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mxpack.core.dnsbl.DnsblChecker;
import org.mxpack.core.dnsbl.DnsblError;
import org.mxpack.core.dnsbl.DnsblHit;
import org.mxpack.core.dnsbl.DnsblResult;
import org.mxpack.core.dnsbl.DnsblVerdict;
import org.mxpack.core.dnsbl.DnsblZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code mxpack dnsbl}: checks an address against DNS block/allow lists (RFC 5782). */
public final class DnsblCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    @Override
    public String summary() {
        return "DNS blocklist/allow-list check of a client address (RFC 5782)";
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack dnsbl [--dns HOST:PORT]... [--dns-timeout MS] --zone SPEC... [--threshold N]");
        out.println("                    [--no-txt] (--ip IP | --stdin)");
        out.println();
        out.println("--zone SPEC   ZONE[:CODES][;weight=N][;allow], repeatable, queried in parallel. CODES: addresses,");
        out.println("              ranges A-B and CIDR blocks inside 127.0.0.0/8, comma-separated (default");
        out.println("              127.0.0.2-127.255.254.255). Default weight 1; ';allow' marks an allow-list");
        out.println("              (DNSWL, weight -1 by default). Quote specs containing ';'.");
        out.println("--threshold N listed when the weights of the listing zones add up to N (default 1).");
        out.println("--no-txt      do not fetch the TXT reason of a listing.");
        out.println("Answers in 127.255.255.0/24 (query refused) or outside 127/8 are errors, never listings.");
        out.println("--stdin       one JSON object per line {\"ip\":\"192.0.2.1\"} -> the verdict as JSON per line");
        out.println("Exit codes (--ip): 0 not listed, 1 listed, 3 temperror (a failed zone could have listed it);");
        out.println("2 usage error. With --stdin: 0.");
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, Set.of("dns", "dns-timeout", "zone", "threshold", "ip"),
                Set.of("stdin", "help", "no-txt"));
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        if (o.all("zone").isEmpty()) {
            throw new UsageException("at least one --zone is required (see --help)");
        }
        List<DnsblZone> zones = new ArrayList<>();
        for (String spec : o.all("zone")) {
            try {
                zones.add(DnsblZone.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--zone: " + e.getMessage());
            }
        }
        long threshold = o.getLong("threshold", 1);
        if (threshold < 1 || threshold > Integer.MAX_VALUE) {
            throw new UsageException("--threshold must be at least 1");
        }
        DnsblChecker checker = new DnsblChecker(DmarcCommand.resolver(o), zones, (int) threshold, !o.has("no-txt"));
        if (o.has("stdin")) {
            return JsonLines.runNow(in, out, line -> json(answer(checker, line)));
        }
        if (!o.has("ip")) {
            throw new UsageException("--ip or --stdin is required (see --help)");
        }
        InetAddress ip;
        try {
            ip = parseIp(o.get("ip", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ip: " + e.getMessage());
        }
        DnsblVerdict v = checker.checkNow(ip);
        out.println(v.ip() + ": " + v.result().keyword() + " (score " + v.score() + ", threshold " + v.threshold()
                + ")");
        for (DnsblHit h : v.hits()) {
            out.println("  " + (h.allowList() ? "allow-listed on " : "listed on ") + h.describe() + " weight "
                    + h.weight());
        }
        for (DnsblError e : v.errors()) {
            out.println("  error: " + e);
        }
        out.println("reason: " + v.reason());
        return v.result() == DnsblResult.LISTED ? 1 : v.result() == DnsblResult.TEMPERROR ? 3 : 0;
    }

    private static Map<String, Object> answer(DnsblChecker checker, String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.path("ip").isTextual()) {
                throw new IllegalArgumentException("{\"ip\":\"...\"} expected");
            }
            DnsblVerdict v = checker.checkNow(parseIp(n.get("ip").asText()));
            Map<String, Object> m = v.toMap();
            m.put("reason", v.reason());
            return m;
        } catch (Exception e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            return m;
        }
    }

    /** An IPv4 or IPv6 literal, without any DNS lookup; IllegalArgumentException otherwise. */
    static InetAddress parseIp(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !IPV6.matcher(s).matches()) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("not an IP address: '" + text + "'");
                }
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"error\":\"cannot write the answer\"}";
        }
    }
}
