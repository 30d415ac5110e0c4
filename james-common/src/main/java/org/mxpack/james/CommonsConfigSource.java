package org.mxpack.james;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.mxpack.core.config.ConfigSource;

/** core's {@link ConfigSource} over the commons-configuration James hands to a hook's init(). */
public final class CommonsConfigSource implements ConfigSource {
    private final Configuration config;
    private final String location;

    public CommonsConfigSource(Configuration config, String location) {
        this.config = config;
        this.location = location;
    }

    /** For a hook: {@code smtpserver.xml <handler class="...">}. */
    public static CommonsConfigSource ofHandler(Configuration config, Class<?> handler) {
        return new CommonsConfigSource(config, "smtpserver.xml <handler class=\"" + handler.getName() + "\">");
    }

    @Override
    public Optional<String> value(String path) {
        String v = config.getString(path, null);
        return v == null ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public List<String> values(String path) {
        List<String> out = new ArrayList<>();
        for (String v : config.getList(String.class, path, List.of())) {
            out.add(v.trim());
        }
        return out;
    }

    @Override
    public List<String> present() {
        List<String> out = new ArrayList<>();
        config.getKeys().forEachRemaining(key -> {
            if (!key.startsWith("[@")) { // the handler's own class="..." is James's
                out.add(key);
            }
        });
        return out;
    }

    @Override
    public String location() {
        return location;
    }
}
