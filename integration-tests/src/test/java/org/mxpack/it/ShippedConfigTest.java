package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.policy.ClientPolicy;
import org.mxpack.core.policy.SenderPolicy;
import org.mxpack.core.policy.Services;

/** Every XML file the zip ships parses, and mxpack's parts of it are accepted by the policy readers. */
class ShippedConfigTest {
    private final Path conf = Pack.distribution().resolve("conf");

    @Test
    void everyShippedXmlFileParses() throws Exception {
        List<Path> xml;
        try (Stream<Path> s = Files.walk(conf)) {
            xml = s.filter(p -> p.toString().endsWith(".xml")).collect(Collectors.toList());
        }
        assertThat(xml).extracting(p -> p.getFileName().toString())
                .contains("smtpserver.xml", "mailetcontainer.xml", "mxpack.xml");
        for (Path p : xml) {
            assertThat(DomConfigSource.read(p).location()).isEqualTo(p.getFileName().toString());
        }
    }

    @Test
    void shippedSettingsAreValid() {
        try (Services services = Services.fromConfig(DomConfigSource.read(conf.resolve("mxpack.xml")),
                List.of("127.0.0.1:53"), null)) {
            DomConfigSource client = DomConfigSource.handler(conf.resolve("smtpserver.xml"),
                    "org.mxpack.smtp.ClientHook").orElseThrow();
            assertThat(ClientPolicy.read(services, client, FileResolver.relativeTo(conf.getParent()))).isNotNull();
            DomConfigSource sender = DomConfigSource.handler(conf.resolve("smtpserver.xml"),
                    "org.mxpack.smtp.SenderHook").orElseThrow();
            assertThat(SenderPolicy.read(services, sender, FileResolver.relativeTo(conf.getParent()))).isNotNull();
            assertThat(services.stageBudget().getSeconds()).isEqualTo(10);
        }
    }
}
