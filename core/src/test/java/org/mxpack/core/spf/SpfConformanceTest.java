package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mxpack.core.ConformanceData;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the public openspf/pyspf SPF suites whole, every DNS answer served by a real {@link LoopbackDnsServer}
 * (one per scenario). Suite conventions (conformance/README.md, pyspf test/testspf.py): an SPF entry also
 * answers TXT unless the name has a TXT entry; {@code TXT: NONE} means no TXT record; a bare TIMEOUT makes
 * queries at that name time out; {@code explanation: DEFAULT} means the default explanation is "DEFAULT".
 * Skips are listed, with reasons, in {@code conformance-skips.txt} only.
 */
class SpfConformanceTest {
    private static final List<LoopbackDnsServer> SERVERS = new ArrayList<>();
    private static final Map<String, String> SKIPS = loadSkips();

    @AfterAll
    static void stop() {
        SERVERS.forEach(LoopbackDnsServer::close);
    }

    @TestFactory
    Stream<DynamicNode> rfc7208() throws IOException {
        return suite("rfc7208-tests.yml");
    }

    @TestFactory
    Stream<DynamicNode> rfc4408() throws IOException {
        return suite("rfc4408-tests.yml");
    }

    private Stream<DynamicNode> suite(String file) throws IOException {
        Path path = ConformanceData.dir().resolve("spf").resolve(file);
        List<DynamicNode> scenarios = new ArrayList<>();
        AtomicInteger index = new AtomicInteger();
        try (InputStream in = Files.newInputStream(path)) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(in)) {
                if (doc == null) {
                    continue;
                }
                scenarios.add(scenario(file, index.incrementAndGet(), cast(doc)));
            }
        }
        return scenarios.stream();
    }

    private DynamicContainer scenario(String file, int number, Map<String, Object> doc) throws IOException {
        String description = String.valueOf(doc.get("description"));
        LoopbackDnsServer server = LoopbackDnsServer.start();
        SERVERS.add(server);
        Map<String, Object> zone = doc.get("zonedata") == null ? Map.of() : cast(doc.get("zonedata"));
        for (Map.Entry<String, Object> e : zone.entrySet()) {
            load(server, e.getKey(), castList(e.getValue()));
        }
        DnsjavaResolver dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0).withCacheBytes(0));
        SpfChecker checker = new SpfChecker(dns).withDefaultExplanation("DEFAULT")
                .withReceiver("receiver.example.net");
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, Object> cases = cast(doc.get("tests"));
        for (Map.Entry<String, Object> t : cases.entrySet()) {
            Map<String, Object> c = cast(t.getValue());
            String name = t.getKey();
            tests.add(DynamicTest.dynamicTest(name, () -> run(file, name, c, checker)));
        }
        return DynamicContainer.dynamicContainer(number + ". " + description, tests);
    }

    private static void run(String file, String name, Map<String, Object> c, SpfChecker checker) throws Exception {
        String skip = SKIPS.get(file + " " + name);
        Assumptions.assumeTrue(skip == null, () -> "skipped: " + skip);
        InetAddress ip = SpfChecker.parseAddress(String.valueOf(c.get("host"))); // as the CLI reads it
        String helo = String.valueOf(c.get("helo"));
        String mailFrom = c.get("mailfrom") == null ? "" : String.valueOf(c.get("mailfrom"));
        SpfVerdict v = checker.checkMailFrom(ip, helo, mailFrom).get();
        List<SpfResult> acceptable = new ArrayList<>();
        Object expected = c.get("result");
        for (Object r : expected instanceof List ? (List<?>) expected : List.of(expected)) {
            acceptable.add(SpfResult.fromKeyword(String.valueOf(r)));
        }
        assertThat(v.result()).as("%s: %s", name, v).isIn(acceptable);
        if (c.containsKey("explanation") && v.result() == SpfResult.FAIL) {
            // Case-insensitive: pyspf writes %{i} IPv6 nibbles in upper case, RFC 7208 §7.4 in lower case.
            assertThat(v.explanation()).as(name).isEqualTo(String.valueOf(c.get("explanation")));
        }
    }

    /** Turns one name's zone entries into records, following the suite's conventions. */
    private static void load(LoopbackDnsServer server, String owner, List<Object> entries) throws IOException {
        Name name = Name.fromString(owner.endsWith(".") ? owner : owner + ".");
        boolean timeout = false;
        boolean hasTxt = false;
        List<Record> records = new ArrayList<>();
        List<Record> fromSpf = new ArrayList<>();
        for (Object entry : entries) {
            if ("TIMEOUT".equals(entry)) {
                timeout = true;
                continue;
            }
            for (Map.Entry<String, Object> rr : cast(entry).entrySet()) {
                String type = rr.getKey().toUpperCase(Locale.ROOT);
                Object value = rr.getValue();
                if (type.equals("TXT")) {
                    hasTxt = true;
                    if (!"NONE".equals(value)) {
                        records.add(txt(name, value));
                    }
                } else if (type.equals("SPF")) {
                    fromSpf.add(txt(name, value)); // type SPF itself is never queried by us, so not served
                } else {
                    records.add(record(name, type, value));
                }
            }
        }
        if (!hasTxt) {
            records.addAll(fromSpf);
        }
        if (timeout && records.isEmpty()) {
            server.timeout(owner);
        }
        // TIMEOUT next to records (only "spftimeout" in the suites): the records are served and other types
        // get NODATA rather than a timeout; the tests only ask for the records that exist there.
        records.forEach(server::add);
    }

    private static Record record(Name name, String type, Object value) throws IOException {
        switch (type) {
            case "A":
                return new ARecord(name, DClass.IN, 300, InetAddress.getByName(String.valueOf(value)));
            case "AAAA":
                return new AAAARecord(name, DClass.IN, 300, InetAddress.getByName(String.valueOf(value)));
            case "MX": {
                List<Object> mx = castList(value);
                return new MXRecord(name, DClass.IN, 300, ((Number) mx.get(0)).intValue(), host(mx.get(1)));
            }
            case "PTR":
                return new PTRRecord(name, DClass.IN, 300, host(value));
            case "CNAME":
                return new CNAMERecord(name, DClass.IN, 300, host(value));
            default:
                throw new IllegalArgumentException("record type " + type);
        }
    }

    private static Name host(Object value) throws IOException {
        String s = String.valueOf(value);
        return Name.fromString(s.endsWith(".") ? s : s + ".");
    }

    /** A TXT record built from raw rdata: strings may hold spaces, quotes, controls and non-ASCII. */
    private static Record txt(Name name, Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List) {
            for (Object o : (List<?>) value) {
                strings.add(String.valueOf(o));
            }
        } else {
            strings.add(String.valueOf(value));
        }
        java.io.ByteArrayOutputStream rdata = new java.io.ByteArrayOutputStream();
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (int off = 0; off < b.length || off == 0; off += 255) {
                int len = Math.min(255, b.length - off);
                rdata.write(len);
                rdata.write(b, off, len);
                if (b.length == 0) {
                    break;
                }
            }
        }
        return Record.newRecord(name, Type.TXT, DClass.IN, 300, rdata.toByteArray());
    }

    private static Map<String, String> loadSkips() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = SpfConformanceTest.class.getResourceAsStream("conformance-skips.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 3);
                out.put(parts[0] + " " + parts[1], parts.length > 2 ? parts[2] : "");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return o instanceof List ? (List<Object>) o : List.of(o);
    }
}
