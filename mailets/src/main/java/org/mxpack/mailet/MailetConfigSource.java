package org.mxpack.mailet;

import java.util.List;
import java.util.Optional;

import org.apache.mailet.MailetConfig;
import org.mxpack.core.config.ConfigSource;

/** core's {@link ConfigSource} over a mailet's init parameters (flat: one value per name). */
final class MailetConfigSource implements ConfigSource {
    private final MailetConfig config;

    MailetConfigSource(MailetConfig config) {
        this.config = config;
    }

    @Override
    public Optional<String> value(String path) {
        String v = config.getInitParameter(path);
        return v == null ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public List<String> values(String path) {
        return value(path).map(List::of).orElse(List.of());
    }

    @Override
    public String location() {
        return "mailetcontainer.xml <mailet class=\"" + config.getMailetName() + "\">";
    }
}
