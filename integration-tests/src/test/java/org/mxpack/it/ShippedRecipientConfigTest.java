package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.policy.RecipientPolicy;
import org.mxpack.core.policy.Services;
import org.mxpack.core.routes.OfflineRouteResolver;
import org.mxpack.core.routes.RelayRoutes;

/** The shipped RCPT TO settings parse, and the shipped chain no longer has James's ValidRcptHandler. */
class ShippedRecipientConfigTest {
    private final Path conf = Pack.distribution().resolve("conf");

    @Test
    void shippedRecipientSettingsAreValid() throws Exception {
        RelayRoutes relays = RelayRoutes.read(DomConfigSource.read(conf.resolve("mxpack.xml")));
        assertThat(relays.all()).isEmpty();
        try (Services services = Services.fromConfig(DomConfigSource.read(conf.resolve("mxpack.xml")),
                List.of("127.0.0.1:53"), null)) {
            DomConfigSource handler = DomConfigSource.handler(conf.resolve("smtpserver.xml"),
                    "org.mxpack.smtp.RecipientHook").orElseThrow();
            assertThat(handler.value("recipientLimit.max")).contains("100");
            assertThat(RecipientPolicy.read(services, handler, new OfflineRouteResolver(List.of(), relays))).isNotNull();
        }
        String xml = Files.readString(conf.resolve("smtpserver.xml"));
        assertThat(DomConfigSource.handler(conf.resolve("smtpserver.xml"),
                "org.apache.james.smtpserver.fastfail.ValidRcptHandler")).isEmpty();
        assertThat(xml.indexOf("org.mxpack.smtp.RecipientHook\">"))
                .isLessThan(xml.indexOf("org.mxpack.smtp.VerdictsToMail"));
    }
}
