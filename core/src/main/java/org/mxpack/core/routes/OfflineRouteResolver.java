package org.mxpack.core.routes;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The resolver of {@code mxpack check}, without James: a recipient is routable when its domain is
 * one of the given local domains ({@code --local-domain}; every user is assumed to exist) or a relay
 * domain of mxpack.xml. Everything else has no route.
 */
public final class OfflineRouteResolver implements RouteResolver {
    private final Set<String> localDomains = new LinkedHashSet<>();
    private final RelayRoutes relays;

    public OfflineRouteResolver(Iterable<String> localDomains, RelayRoutes relays) {
        for (String d : localDomains) {
            this.localDomains.add(normalize(d));
        }
        this.relays = relays;
    }

    @Override
    public CompletableFuture<Route> resolve(String recipient) {
        return CompletableFuture.completedFuture(resolveNow(recipient));
    }

    public Route resolveNow(String recipient) {
        String r = Addresses.strip(recipient);
        String domain = Addresses.domain(r).orElse(null);
        if (domain == null) {
            return Route.none(r, false, "not an address with a domain");
        }
        if (localDomains.contains(domain)) {
            return Route.localUser(r, domain + " is a local domain (offline: users are not checked)");
        }
        return relays.find(domain).map(hop -> Route.relay(r, hop, domain + " is a relay domain"))
                .orElseGet(() -> Route.none(r, false, domain + " is not a domain of ours"));
    }

    private static String normalize(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
