package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mxpack.core.ConformanceData;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs ../shared/conformance/dmarc/cases.json WHOLE through the real loopback DNS server and the PSL
 * file shipped with it. Skipped cases and unchecked mailauth-specific expectations are listed, with
 * reasons, in {@code conformance-skips.txt} only.
 */
class DmarcConformanceTest {
    private static LoopbackDnsServer server;
    private static Dns dns;
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final AtomicInteger SKIPPED = new AtomicInteger();
    private static final AtomicInteger CHECKS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(500)).withRetries(0).withCacheBytes(0));
    }

    @AfterAll
    static void stop() {
        System.out.printf("DMARC conformance: %d run, %d skipped, %d expectations checked%n", RUN.get(),
                SKIPPED.get(), CHECKS.get());
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> cases() throws Exception {
        Path dir = ConformanceData.dir().resolve("dmarc");
        JsonNode root = new ObjectMapper().readTree(dir.resolve("cases.json").toFile());
        PublicSuffixList psl = PublicSuffixList.load(dir.resolve("public_suffix_list.dat"));
        Map<String, String> skipCases = new HashMap<>();
        Map<String, String> ignoredPaths = new HashMap<>();
        readSkips(skipCases, ignoredPaths);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String id = c.get("id").asText();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                if (skipCases.containsKey(id)) {
                    SKIPPED.incrementAndGet();
                    Assumptions.assumeTrue(false, skipCases.get(id));
                }
                RUN.incrementAndGet();
                runCase(c, psl, ignoredPaths);
            }));
        }
        assertThat(tests).hasSize(61);
        return tests.stream();
    }

    private static void readSkips(Map<String, String> cases, Map<String, String> paths) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                DmarcConformanceTest.class.getResourceAsStream("conformance-skips.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                (f[0].equals("case") ? cases : paths).put(f[1], f[2]);
            }
        }
    }

    private static void runCase(JsonNode c, PublicSuffixList psl, Map<String, String> ignored) {
        server.clear();
        loadDns(c.get("dns"));
        JsonNode hf = c.get("header_from");
        String from = hf.isArray() ? hf.get(0).asText() : hf.asText();
        DmarcVerdict v = new DmarcEvaluator(dns, psl, PctSampler.always())
                .evaluateNow(from, domains(c.get("spf_pass")), domains(c.get("dkim_pass")));
        String ctx = c.get("id").asText() + " -> " + v;
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("expect").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (ignored.containsKey(e.getKey())) {
                continue;
            }
            CHECKS.incrementAndGet();
            assertThat(actual(e.getKey(), v)).as(ctx + " [" + e.getKey() + "]").isEqualTo(e.getValue().asText());
        }
        if (c.has("expect_other")) {
            for (JsonNode o : c.get("expect_other")) {
                String key = "other:" + (o.has("path") ? o.get("path").asText() : o.get("expr").asText()) + ":"
                        + o.get("op").asText();
                if (ignored.containsKey(key)) {
                    continue;
                }
                CHECKS.incrementAndGet();
                switch (key) {
                    case "other:alignment.dkim.result:not.ok":
                        assertThat(v.dkimDomain()).as(ctx).isEmpty();
                        break;
                    case "other:rr:contain":
                        assertThat(v.record().map(DmarcRecord::text).orElse(""))
                                .as(ctx).contains(o.get("arg").get(0).asText());
                        break;
                    default:
                        throw new AssertionError("unmapped expectation " + key + " in " + ctx);
                }
            }
        }
    }

    /** Maps mailauth result paths onto the verdict. */
    private static String actual(String path, DmarcVerdict v) {
        switch (path) {
            case "status.result":
                return v.result().keyword();
            case "policy":
                return v.policy().keyword();
            case "p":
                return v.record().map(r -> r.policy().keyword()).orElse("");
            case "sp":
                return v.record().map(r -> r.subdomainPolicy().keyword()).orElse("");
            case "pct":
                return v.record().map(r -> String.valueOf(r.pct())).orElse("");
            case "domain":
                return v.orgDomain();
            case "status.header.d":
                return v.policyDomain();
            case "status.header.from":
                return v.headerFrom();
            case "alignment.dkim.strict":
                return String.valueOf(v.record().map(DmarcRecord::strictDkim).orElse(false));
            case "alignment.spf.strict":
                return String.valueOf(v.record().map(DmarcRecord::strictSpf).orElse(false));
            case "alignment.spf.result":
                return v.spfDomain();
            case "rr":
                return v.record().map(DmarcRecord::text).orElse("");
            default:
                throw new AssertionError("unmapped expectation path " + path);
        }
    }

    private static List<AuthenticatedDomain> domains(JsonNode list) {
        List<AuthenticatedDomain> out = new ArrayList<>();
        for (JsonNode d : list) {
            out.add(AuthenticatedDomain.pass(d.isTextual() ? d.asText() : d.get("domain").asText()));
        }
        return out;
    }

    private static void loadDns(JsonNode zone) {
        for (Iterator<Map.Entry<String, JsonNode>> it = zone.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode types = e.getValue();
            if (types.isTextual() && types.asText().equals("TEMPFAIL")) {
                server.servfail(name);
                continue;
            }
            if (types.size() == 0) {
                server.add(name, "HINFO", "\"exists\" \"without-the-type\"");
            }
            for (JsonNode rec : types.path("TXT")) {
                StringBuilder rdata = new StringBuilder();
                for (JsonNode chunk : rec) {
                    rdata.append('"').append(chunk.asText().replace("\\", "\\\\").replace("\"", "\\\"")).append("\" ");
                }
                server.add(name, "TXT", rdata.toString().trim());
            }
            for (JsonNode a : types.path("A")) {
                server.add(name, "A", a.asText());
            }
            for (JsonNode mx : types.path("MX")) {
                server.add(name, "MX", mx.get("priority").asInt() + " " + mx.get("exchange").asText() + ".");
            }
        }
    }
}
