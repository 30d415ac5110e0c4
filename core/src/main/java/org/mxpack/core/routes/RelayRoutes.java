package org.mxpack.core.routes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;

/**
 * The relay domains of {@code conf/mxpack.xml}: domains we accept mail for and pass on to a fixed
 * next hop (a backup MX, an internal server). One element per domain:
 *
 * <pre>
 * &lt;routes&gt;
 *   &lt;relay&gt;partner.example 10.0.0.5:25 tls=required&lt;/relay&gt;
 *   &lt;relay&gt;legacy.example [2001:db8::25]&lt;/relay&gt;      port 25, TLS when offered
 * &lt;/routes&gt;
 * </pre>
 *
 * Spec: {@code DOMAIN NEXTHOP [tls=optional|required]}. The domain matches exactly (add each
 * subdomain you relay). Text rather than attributes so that each route is one value of
 * {@link ConfigSource#values(String)}.
 */
public final class RelayRoutes {
    public static final String PATH = "routes.relay";

    private final Map<String, NextHop> byDomain;

    private RelayRoutes(Map<String, NextHop> byDomain) {
        this.byDomain = Collections.unmodifiableMap(new LinkedHashMap<>(byDomain));
    }

    public static RelayRoutes none() {
        return new RelayRoutes(Map.of());
    }

    /** Reads every {@code <routes><relay>} of mxpack.xml; a bad one is a {@link ConfigException} naming it. */
    public static RelayRoutes read(ConfigSource mxpackXml) {
        Map<String, NextHop> routes = new LinkedHashMap<>();
        for (String spec : mxpackXml.values(PATH)) {
            try {
                String[] parts = spec.trim().split("\\s+");
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException("expected DOMAIN NEXTHOP [tls=optional|required]");
                }
                String domain = domain(parts[0]);
                NextHop.Tls tls = NextHop.Tls.OPTIONAL;
                if (parts.length == 3) {
                    tls = tls(parts[2]);
                }
                if (routes.put(domain, NextHop.parse(parts[1], tls)) != null) {
                    throw new IllegalArgumentException(domain + " has two relay routes");
                }
            } catch (IllegalArgumentException e) {
                throw ConfigException.bad(mxpackXml, PATH, spec, e.getMessage());
            }
        }
        return new RelayRoutes(routes);
    }

    private static String domain(String text) {
        String d = text.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (!d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("not a domain name: " + text);
        }
        return d;
    }

    private static NextHop.Tls tls(String option) {
        String o = option.toLowerCase(Locale.ROOT);
        if (o.equals("tls=required")) {
            return NextHop.Tls.REQUIRED;
        }
        if (o.equals("tls=optional")) {
            return NextHop.Tls.OPTIONAL;
        }
        throw new IllegalArgumentException("expected tls=optional or tls=required, not " + option);
    }

    /** The next hop for a recipient domain, if it is a relay domain. */
    public Optional<NextHop> find(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return Optional.ofNullable(byDomain.get(d));
    }

    /** Every relay domain and its next hop, in configuration order. */
    public Map<String, NextHop> all() {
        return byDomain;
    }
}
