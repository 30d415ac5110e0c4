package org.mxpack.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of knobs with their defaults; every bad value becomes a {@link ConfigException}
 * naming the element and the value.
 */
public final class Knobs {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final ConfigSource source;

    public Knobs(ConfigSource source) {
        this.source = source;
    }

    public ConfigSource source() {
        return source;
    }

    public boolean bool(String path, boolean fallback) {
        String v = source.value(path).orElse(null);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
                return true;
            case "false":
            case "no":
            case "off":
                return false;
            default:
                throw ConfigException.bad(source, path, v, "expected true or false");
        }
    }

    public int integer(String path, int fallback, int min, int max) {
        String v = source.value(path).orElse(null);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw ConfigException.bad(source, path, v, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ConfigException.bad(source, path, v, "not a whole number");
        }
    }

    /**
     * {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 21d}. The unit is required: a bare
     * {@code 30} (seconds? days?) is a configuration error, never a guess.
     */
    public Duration duration(String path, Duration fallback) {
        String v = source.value(path).orElse(null);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ConfigException.bad(source, path, v, "not a duration (e.g. 500ms, 5s, 2m, 1h, 21d)");
        }
        if (m.group(2) == null) {
            throw ConfigException.bad(source, path, v, "a duration needs a unit (e.g. " + v.trim() + "s or "
                    + v.trim() + "d; ms, s, m, h, d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofSeconds(n);
        }
    }

    /** An enum knob; values are written in lower case with '-' for '_' ({@code tempfail}, {@code soft-reject}). */
    public <E extends Enum<E>> E choice(String path, Class<E> type, E fallback) {
        String v = source.value(path).orElse(null);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        String key = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(name(e));
        }
        throw ConfigException.bad(source, path, v, "expected one of " + allowed);
    }

    public String string(String path, String fallback) {
        return source.value(path).filter(s -> !s.isEmpty()).orElse(fallback);
    }

    /** How a knob value of an enum is written in XML. */
    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
