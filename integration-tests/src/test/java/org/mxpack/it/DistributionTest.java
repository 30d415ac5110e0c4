package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** What an admin unpacks: the drop-in zip's layout, bytecode level and class overlap with James. */
class DistributionTest {
    private static final int JAVA_11 = 55;

    private final Path dist = Pack.distribution();

    private List<Path> extensionJars() throws IOException {
        try (Stream<Path> s = Files.list(dist.resolve("extensions-jars"))) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void layout() throws IOException {
        assertThat(dist.resolve("conf/smtpserver.xml")).isRegularFile();
        assertThat(dist.resolve("conf/mailetcontainer.xml")).isRegularFile();
        assertThat(dist.resolve("conf/extensions.properties")).isRegularFile();
        assertThat(dist.resolve("conf/mxpack/helo-blocklist.txt")).isRegularFile();
        assertThat(dist.resolve("bin/mxpack")).isExecutable();
        assertThat(dist.resolve("README.md")).isRegularFile();
        // the guide an admin installs by, and the CLI's, byte for byte what the repository has
        for (String doc : List.of("docs/operator-guide.md", "docs/cli.md")) {
            assertThat(dist.resolve(doc)).hasSameBinaryContentAs(Pack.root().resolve(doc));
        }
        assertThat(extensionJars()).extracting(p -> p.getFileName().toString())
                .allMatch(n -> n.startsWith("mxpack-"))
                .anyMatch(n -> n.startsWith("mxpack-core-"))
                .anyMatch(n -> n.startsWith("mxpack-smtp-hooks-"))
                .anyMatch(n -> n.startsWith("mxpack-mailets-"));
    }

    @Test
    void everyClassIsJava11Bytecode() throws IOException {
        List<String> wrong = new ArrayList<>();
        int classes = 0;
        for (Path jar : extensionJars()) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry e : java.util.Collections.list(jf.entries())) {
                    if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")) {
                        continue;
                    }
                    classes++;
                    try (InputStream in = jf.getInputStream(e)) {
                        DataInputStream d = new DataInputStream(in);
                        int magic = d.readInt();
                        d.readUnsignedShort();
                        int major = d.readUnsignedShort();
                        if (magic != 0xCAFEBABE || major != JAVA_11) {
                            wrong.add(jar.getFileName() + "!" + e.getName() + " major " + major);
                        }
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(0);
        assertThat(wrong).isEmpty();
    }

    @Test
    void noClassThatJamesAlreadyShips() throws IOException {
        Set<String> james = new HashSet<>();
        String cp = Files.readString(Pack.jamesClasspathFile(), StandardCharsets.UTF_8).trim();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                james.addAll(classesIn(Path.of(entry)));
            }
        }
        assertThat(james).as("James 3.8.1 classpath resolved").hasSizeGreaterThan(10_000);
        List<String> clashes = new ArrayList<>();
        for (Path jar : extensionJars()) {
            for (String c : classesIn(jar)) {
                if (james.contains(c)) {
                    clashes.add(jar.getFileName() + "!" + c);
                }
            }
        }
        assertThat(clashes).isEmpty();
    }

    private static Set<String> classesIn(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            return jf.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.equals("module-info.class") && !n.startsWith("META-INF/"))
                    .collect(Collectors.toSet());
        }
    }
}
