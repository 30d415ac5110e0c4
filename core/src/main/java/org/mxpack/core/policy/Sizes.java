package org.mxpack.core.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;

/** Byte sizes in configuration: {@code 0}, {@code 10485760}, {@code 512k}, {@code 25m}, {@code 1g} (powers of 1024). */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmg]?)b?");

    private Sizes() {
    }

    static long parse(ConfigSource config, String path, long fallback) {
        String v = config.value(path).orElse("");
        if (v.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ConfigException.bad(config, path, v, "not a size (e.g. 0 for no limit, 512k, 25m, 1g)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "k":
                return n * 1024;
            case "m":
                return n * 1024 * 1024;
            case "g":
                return n * 1024 * 1024 * 1024;
            default:
                return n;
        }
    }
}
