package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mxpack.core.iprev.IprevChecker;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.iprev.IprevVerdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code mxpack iprev}: forward-confirmed reverse DNS of a client address (RFC 8601 §3). */
public final class IprevCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "forward-confirmed reverse DNS (iprev, RFC 8601 §3) of a client address";
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack iprev [--dns HOST:PORT]... [--dns-timeout MS] (--ip IP | --stdin)");
        out.println();
        out.println("PTR lookup of IP, then A/AAAA of each PTR name (at most " + IprevChecker.MAX_NAMES + ").");
        out.println("Results: pass (a name maps back), fail (names exist, none maps back), permerror (no PTR),");
        out.println("temperror (DNS failure).");
        out.println("--stdin   one JSON object per line {\"ip\":\"192.0.2.1\"} -> the verdict as JSON per line");
        out.println("Exit codes (--ip): 0 pass, 1 fail or permerror, 3 temperror; 2 usage error. With --stdin: 0.");
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, Set.of("dns", "dns-timeout", "ip"), Set.of("stdin", "help"));
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        IprevChecker checker = new IprevChecker(DmarcCommand.resolver(o));
        if (o.has("stdin")) {
            return JsonLines.runNow(in, out, line -> json(answer(checker, line)));
        }
        if (!o.has("ip")) {
            throw new UsageException("--ip or --stdin is required (see --help)");
        }
        InetAddress ip;
        try {
            ip = DnsblCommand.parseIp(o.get("ip", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ip: " + e.getMessage());
        }
        IprevVerdict v = checker.checkNow(ip);
        out.println("iprev=" + v.result().keyword() + " policy.iprev=" + v.ip()
                + (v.name().isEmpty() ? "" : " (" + v.name() + ")"));
        if (!v.ptrNames().isEmpty()) {
            out.println("PTR: " + String.join(", ", v.ptrNames()));
        }
        out.println("reason: " + v.reason());
        if (v.result() == IprevResult.TEMPERROR) {
            return 3;
        }
        return v.result() == IprevResult.PASS ? 0 : 1;
    }

    private static Map<String, Object> answer(IprevChecker checker, String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.path("ip").isTextual()) {
                throw new IllegalArgumentException("{\"ip\":\"...\"} expected");
            }
            return checker.checkNow(DnsblCommand.parseIp(n.get("ip").asText())).toMap();
        } catch (Exception e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            return m;
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
