package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;

/** {@code mxpack check} builds the RCPT stage with mxpack.xml's SRS, as the hook does. */
class ConfiguredPolicySrsTest {
    @TempDir
    Path dir;

    private ConfiguredPolicy load(String mxpackXml) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("smtpserver.xml"), "<smtpservers><smtpserver><handlerchain>"
                + "<handler class=\"org.mxpack.smtp.RecipientHook\"/></handlerchain></smtpserver></smtpservers>",
                StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("mxpack.xml"), "<mxpack>" + mxpackXml + "</mxpack>", StandardCharsets.UTF_8);
        return ConfiguredPolicy.load(conf, List.of("127.0.0.1:9"), null, List.of("example.org"));
    }

    @Test
    void srsBouncesAreValidatedOffline() throws Exception {
        Files.writeString(dir.resolve("srs.key"), "# rotated out\nold-secret\n", StandardCharsets.UTF_8);
        try (ConfiguredPolicy p = load("<srs><domain>fwd.example.org</domain><secret>s3cret</secret>"
                + "<secretFile>srs.key</secretFile></srs>")) {
            SessionFacts f = new SessionFacts(InetAddress.getByName("192.0.2.7"), "s");
            f.beginTransaction("");
            RecipientPolicy rcpt = p.recipient().orElseThrow();
            assertThat(rcpt.onRcpt(f, "SRS0=xxxx=TT=example.org=bob@fwd.example.org").refusal().get().toString())
                    .isEqualTo("550 5.1.1 <SRS0=xxxx=TT=example.org=bob@fwd.example.org>: invalid or expired SRS address");
            String old = Srs.of(SrsConfig.of("fwd.example.org", List.of("old-secret")))
                    .forward("bob@example.net", Instant.now()).address();
            assertThat(rcpt.onRcpt(f, old).refusal()).isEmpty();
        }
    }

    @Test
    void badSrsSettingsNameTheElement() {
        assertThatThrownBy(() -> load("<srs><domain>fwd.example.org</domain></srs>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> load("<srs><domain>fwd.example.org</domain><secret>x</secret><maxAge>soon</maxAge></srs>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("soon");
        // a bare number was 30 seconds where the guide said days: every bounce expired. Now a unit is required.
        assertThatThrownBy(() -> load("<srs><domain>fwd.example.org</domain><secret>x</secret><maxAge>30</maxAge></srs>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<maxAge>30</maxAge>")
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> load("<srs><domain>fwd.example.org</domain><secret>x</secret><hashLength>3</hashLength></srs>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<hashLength>3</hashLength>");
    }
}
