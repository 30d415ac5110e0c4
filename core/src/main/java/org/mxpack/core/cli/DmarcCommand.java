package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mxpack.core.dmarc.AuthenticatedDomain;
import org.mxpack.core.dmarc.DmarcEvaluator;
import org.mxpack.core.dmarc.DmarcResult;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.dmarc.PublicSuffixList;
import org.mxpack.core.dns.DnsjavaResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code mxpack dmarc}: DMARC evaluation (RFC 7489) of an author domain against the SPF and DKIM
 * domains that passed. One resolver serves every input line.
 */
public final class DmarcCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "DMARC result and policy for a From domain and its SPF/DKIM results (RFC 7489)";
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack dmarc [--dns HOST:PORT]... [--dns-timeout MS] [--psl FILE] --stdin");
        out.println("       mxpack dmarc [--dns HOST:PORT]... [--dns-timeout MS] [--psl FILE] --from ADDRESS|DOMAIN");
        out.println("                    [--spf DOMAIN[:RESULT]]... [--dkim DOMAIN[:RESULT]]...");
        out.println();
        out.println("--stdin reads one JSON object per line and writes one per line, in order:");
        out.println("  in : {\"header_from\":\"user@example.com\",\"spf\":[{\"domain\":\"example.com\",\"result\":\"pass\"}],");
        out.println("        \"dkim\":[{\"domain\":\"example.com\",\"result\":\"pass\"}]}");
        out.println("  out: {\"result\":\"pass|fail|none|temperror|permerror\",\"policy\":\"none|quarantine|reject\",");
        out.println("        \"domain\":\"<domain whose record applied>\",\"org_domain\":\"...\"}");
        out.println("  header_from: an address or a bare domain. Only spf/dkim entries whose result is \"pass\"");
        out.println("  (or that have no result, or are plain strings) count for alignment. policy is p= (or sp=");
        out.println("  for a subdomain using its organizational domain's record), before pct. Without a usable");
        out.println("  record (none, temperror, permerror) policy is \"none\" and domain the header-from domain.");
        out.println("  A bad line yields {\"error\":\"...\"}.");
        out.println("--psl FILE   a public_suffix_list.dat to use instead of Guava's built-in list");
        out.println("--dns        DNS server(s) (default: the system's); --dns-timeout in milliseconds");
        out.println("Human form exit codes: 0 pass or none, 1 fail or permerror, 3 temperror; 2 usage error.");
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, Set.of("dns", "dns-timeout", "psl", "from", "spf", "dkim"),
                Set.of("stdin", "help"));
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        DmarcEvaluator evaluator = new DmarcEvaluator(resolver(o), orgs(o));
        if (o.has("stdin")) {
            return JsonLines.runNow(in, out, line -> json(answer(evaluator, line)));
        }
        if (!o.has("from")) {
            throw new UsageException("--from or --stdin is required (see --help)");
        }
        DmarcVerdict v = evaluator.evaluateNow(o.get("from", ""), cliDomains(o.all("spf")), cliDomains(o.all("dkim")));
        out.println("dmarc=" + v.result().keyword() + " policy=" + v.policy().keyword() + " disposition="
                + v.disposition().keyword());
        out.println("header.from=" + v.headerFrom() + " policy domain=" + v.policyDomain() + " org domain="
                + v.orgDomain() + " aligned=" + v.alignment().keyword());
        v.record().ifPresent(r -> out.println("record: " + r.text()));
        out.println("reason: " + v.reason());
        if (v.result() == DmarcResult.TEMPERROR) {
            return 3;
        }
        return v.result() == DmarcResult.FAIL || v.result() == DmarcResult.PERMERROR ? 1 : 0;
    }

    static DnsjavaResolver resolver(Options o) throws UsageException {
        return new DnsjavaResolver(o.dnsSettings());
    }

    private static OrganizationalDomains orgs(Options o) throws UsageException {
        if (!o.has("psl")) {
            return OrganizationalDomains.guava();
        }
        Path file = Paths.get(o.get("psl", ""));
        try {
            return PublicSuffixList.load(file);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read --psl " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> answer(DmarcEvaluator evaluator, String line) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("input is not a JSON object");
            }
            JsonNode from = n.get("header_from");
            if (from != null && from.isArray() && from.size() == 1) {
                from = from.get(0); // mailauth's form; several addresses are the hook's decision (§6.6.1)
            }
            if (from == null || !from.isTextual()) {
                throw new IllegalArgumentException("header_from (string) is required");
            }
            DmarcVerdict v = evaluator.evaluateNow(from.asText(), jsonDomains(n.get("spf"), "spf"),
                    jsonDomains(n.get("dkim"), "dkim"));
            m.put("result", v.result().keyword());
            m.put("policy", v.policy().keyword());
            m.put("domain", v.policyDomain());
            m.put("org_domain", v.orgDomain());
        } catch (Exception e) {
            m.clear();
            m.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return m;
    }

    private static List<AuthenticatedDomain> jsonDomains(JsonNode list, String field) {
        List<AuthenticatedDomain> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        for (JsonNode e : list) {
            if (e.isTextual()) {
                out.add(AuthenticatedDomain.pass(e.asText()));
            } else if (e.isObject() && e.path("domain").isTextual()) {
                JsonNode result = e.get("result");
                out.add(result == null || result.isNull() ? AuthenticatedDomain.pass(e.get("domain").asText())
                        : AuthenticatedDomain.ofKeyword(e.get("domain").asText(), result.asText()));
            } else {
                throw new IllegalArgumentException(field + " entries need a \"domain\" string");
            }
        }
        return out;
    }

    /** {@code DOMAIN[:RESULT]}, result defaulting to pass. */
    private static List<AuthenticatedDomain> cliDomains(List<String> values) {
        List<AuthenticatedDomain> out = new ArrayList<>();
        for (String v : values) {
            int colon = v.indexOf(':');
            out.add(colon < 0 ? AuthenticatedDomain.pass(v)
                    : AuthenticatedDomain.ofKeyword(v.substring(0, colon), v.substring(colon + 1)));
        }
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"error\":\"cannot write the answer\"}";
        }
    }
}
