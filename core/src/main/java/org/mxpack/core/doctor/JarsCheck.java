package org.mxpack.core.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code extensions-jars/}: mxpack's four jars, once each and of one version, and nothing that
 * duplicates what James already ships (a second dnsjava, guava or netty there — e.g. the CLI's
 * {@code lib/} copied by mistake — puts two copies of the same classes on James's class path).
 */
final class JarsCheck implements DoctorCheck {
    static final List<String> PACK = List.of("mxpack-core", "mxpack-james-common", "mxpack-smtp-hooks", "mxpack-mailets");
    /** Libraries mxpack uses that James 3.8.1 already has on its class path (the CLI's lib/ ships copies). */
    private static final Pattern JAMES_SHIPS = Pattern.compile(
            "dnsjava|guava|failureaccess|listenablefuture|jsr305|checker-qual|error_prone_annotations|j2objc-annotations"
                    + "|netty-.*|jackson-.*|bcprov-.*|bcpkix-.*|slf4j-.*|logback-.*");
    private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^-]*(?:-[A-Za-z0-9.]+)*)\\.jar");
    private static final String WHERE = "extensions-jars";

    @Override
    public void run(JamesHome home, List<Finding> out) {
        Path dir = home.extensionsJars();
        if (!Files.isDirectory(dir)) {
            out.add(Finding.error(WHERE, "no folder " + dir, "create it and copy the zip's extensions-jars/*.jar into it"));
            return;
        }
        Map<String, Set<String>> versions = new TreeMap<>();
        for (String name : jarNames(dir)) {
            Matcher m = JAR.matcher(name);
            String artifact = m.matches() ? m.group(1) : name.substring(0, name.length() - 4);
            versions.computeIfAbsent(artifact, a -> new TreeSet<>()).add(m.matches() ? m.group(2) : "?");
            if (JAMES_SHIPS.matcher(artifact).matches()) {
                out.add(Finding.error(WHERE, name + " is a library James already ships: two copies of its classes",
                        "remove " + dir.resolve(name) + " (only the zip's extensions-jars/*.jar go here; lib/ is the CLI's)"));
            }
        }
        Set<String> packVersions = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (String artifact : PACK) {
            Set<String> v = versions.get(artifact);
            if (v == null) {
                missing.add(artifact);
                continue;
            }
            if (v.size() > 1) {
                out.add(Finding.error(WHERE, artifact + " is there in " + v.size() + " versions " + v,
                        "keep only the version of the zip you install"));
            }
            packVersions.addAll(v);
        }
        if (!missing.isEmpty()) {
            out.add(Finding.error(WHERE, "missing " + String.join(", ", missing) + " (no mxpack hook or mailet can load)",
                    "copy the zip's extensions-jars/*.jar to " + dir));
        } else if (packVersions.size() > 1) {
            out.add(Finding.error(WHERE, "mxpack jars of different versions " + packVersions,
                    "copy all four jars of one zip"));
        } else {
            out.add(Finding.ok(WHERE, "mxpack " + packVersions.iterator().next() + " (" + String.join(", ", PACK) + ")"));
        }
    }

    private static List<String> jarNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().forEach(names::add);
            return names;
        } catch (IOException e) {
            return List.of();
        }
    }
}
