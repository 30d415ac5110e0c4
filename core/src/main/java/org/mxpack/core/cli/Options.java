package org.mxpack.core.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mxpack.core.dns.DnsSettings;

/**
 * Minimal GNU-style option parser shared by the verbs: {@code --name value}, {@code --name=value},
 * repeatable options, flags and positional arguments.
 */
public final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {
    }

    /**
     * @param valued options that take a value (without the leading dashes)
     * @param flags  options without a value
     */
    public static Options parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.equals("--")) {
                if (a.equals("--")) {
                    o.positional.addAll(args.subList(i + 1, args.size()));
                    break;
                }
                o.positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                o.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                o.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return o;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public long getLong(String name, long fallback) throws UsageException {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, not '" + v + "'");
        }
    }

    /** {@code --dns HOST:PORT}... and {@code --dns-timeout MS}, the resolver options every verb shares. */
    public DnsSettings dnsSettings() throws UsageException {
        DnsSettings settings;
        try {
            settings = DnsSettings.of(DnsSettings.parseServers(all("dns")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<Duration> timeout = dnsTimeout();
        return timeout.isPresent() ? settings.withTimeout(timeout.get()) : settings;
    }

    /** {@code --dns-timeout MS}, if given. */
    public Optional<Duration> dnsTimeout() throws UsageException {
        if (!has("dns-timeout")) {
            return Optional.empty();
        }
        long ms = getLong("dns-timeout", 0);
        if (ms <= 0) {
            throw new UsageException("--dns-timeout must be a positive number of milliseconds");
        }
        return Optional.of(Duration.ofMillis(ms));
    }

    public List<String> positional() {
        return positional;
    }
}
