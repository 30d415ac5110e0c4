package org.mxpack.james;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.mxpack.core.routes.Addresses;
import org.mxpack.core.routes.NextHop;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.routes.Route;
import org.mxpack.core.routes.RouteResolver;

/**
 * The route resolver inside James, shared by the RCPT TO hook and the routing mailets: James's
 * {@link DomainList}, {@link UsersRepository} and {@link RecipientRewriteTable} (managed with
 * WebAdmin, so the same on the distributed James), plus the relay domains of mxpack.xml.
 *
 * <p>Order, as James delivers: a domain that is not ours is a relay domain or has no route (unless
 * it is the source of a domain alias: James 3.8.1's API requires that source in the domain list,
 * but a store filled by other means may not); RecipientRewriteTable mappings come before users (a user with
 * a forward is forwarded); a mapping is a route only when at least one final address is deliverable
 * (an existing local user or an off-site address), so nothing is accepted only to bounce. The kind
 * says which mapping matched first: the recipient's own (ALIAS, or FORWARD when an address is
 * off-site) or its domain's (DOMAIN_ALIAS, or CATCH_ALL for {@code *@domain} mappings);
 * {@link Route#remoteDestinations()} always lists what leaves the site.
 *
 * <p>Lookups run on mxpack's worker pool, never on James's Netty IO threads.
 */
@Singleton
public final class JamesRouteResolver implements RouteResolver {
    private final DomainList domains;
    private final UsersRepository users;
    private final RecipientRewriteTable rrt;
    private final MxpackRuntime runtime;
    private volatile RelayRoutes relays;
    private volatile Executor executor;

    @Inject
    public JamesRouteResolver(DomainList domains, UsersRepository users, RecipientRewriteTable rrt,
            MxpackRuntime runtime) {
        this.domains = domains;
        this.users = users;
        this.rrt = rrt;
        this.runtime = runtime;
    }

    /** For tests: given relay routes, lookups on {@code executor}. */
    public JamesRouteResolver(DomainList domains, UsersRepository users, RecipientRewriteTable rrt,
            RelayRoutes relays, Executor executor) {
        this(domains, users, rrt, null);
        this.relays = relays;
        this.executor = executor;
    }

    /** The relay domains of mxpack.xml; a bad route is a ConfigException (call it from init()). */
    public RelayRoutes relays() {
        RelayRoutes r = relays;
        if (r == null) {
            r = runtime.relays();
            relays = r;
        }
        return r;
    }

    @Override
    public CompletableFuture<Route> resolve(String recipient) {
        Executor e = executor != null ? executor : runtime.services().workers();
        return CompletableFuture.supplyAsync(() -> resolveNow(recipient), e);
    }

    /** The route, looked up on the calling thread (mailets run on James's spool threads). */
    public Route resolveNow(String recipient) {
        String r = Addresses.strip(recipient);
        MailAddress address;
        try {
            address = new MailAddress(r);
        } catch (AddressException e) {
            return Route.none(r, false, "not a valid address: " + e.getMessage());
        }
        Domain domain = address.getDomain();
        try {
            boolean local = domains.containsDomain(domain);
            if (!local) {
                Optional<NextHop> hop = relays().find(domain.asString());
                if (hop.isPresent()) {
                    return Route.relay(r, hop.get(), domain.asString() + " is a relay domain");
                }
                if (!isAliasDomain(domain)) {
                    return Route.none(r, false, domain.asString() + " is not a domain of ours");
                }
            }
            return resolveMapped(address, r, local);
        } catch (RecipientRewriteTable.TooManyMappingException e) {
            return Route.tempfail(r, "mapping loop: " + e.getMessage());
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            return Route.none(r, true, "error mapping: " + e.getMessage());
        } catch (DomainListException | UsersRepositoryException | RecipientRewriteTableException
                | RuntimeException e) {
            // RuntimeException: the distributed stores (Cassandra driver) fail unchecked
            return Route.tempfail(r, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The next hop of a recipient of a relay domain (a domain of mxpack.xml's {@code <routes>} that is
     * not one of James's domains, the same order as {@link #resolveNow}); empty for any other recipient.
     * Only the domain list is asked, so the routing mailets can use it per recipient cheaply.
     */
    public Optional<NextHop> relayHop(MailAddress recipient) throws StoreUnavailableException {
        if (isLocalDomain(recipient.getDomain())) {
            return Optional.empty();
        }
        return relays().find(recipient.getDomain().asString());
    }

    /** The domain is in James's DomainList. */
    public boolean isLocalDomain(Domain domain) throws StoreUnavailableException {
        try {
            return domains.containsDomain(domain);
        } catch (DomainListException | RuntimeException e) {
            // RuntimeException: the distributed stores (Cassandra driver) fail unchecked
            throw new StoreUnavailableException("domain list: " + e.getMessage(), e);
        }
    }

    /** The recipient has a mailbox here (James's own user name for it, virtual hosting or not). */
    public boolean isLocalUser(MailAddress recipient) throws StoreUnavailableException {
        try {
            return users.contains(users.getUsername(recipient));
        } catch (UsersRepositoryException | RuntimeException e) {
            throw new StoreUnavailableException("users repository: " + e.getMessage(), e);
        }
    }

    private Route resolveMapped(MailAddress address, String r, boolean localDomain) throws DomainListException,
            UsersRepositoryException, RecipientRewriteTableException, RecipientRewriteTable.ErrorMappingException {
        Mappings mappings = rrt.getResolvedMappings(address.getLocalPart(), address.getDomain());
        if (mappings.isEmpty()) {
            if (localDomain && users.contains(users.getUsername(address))) {
                return Route.localUser(r, "local user");
            }
            return Route.none(r, localDomain, "no such user or mapping");
        }
        List<String> all = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        boolean deliverable = false;
        for (Mapping m : mappings) {
            Optional<MailAddress> target = m.asMailAddress();
            if (target.isEmpty()) {
                continue;
            }
            String t = target.get().asString();
            if (all.contains(t)) {
                continue;
            }
            all.add(t);
            if (!domains.containsDomain(target.get().getDomain())) {
                remote.add(t);
                deliverable = true;
            } else if (users.contains(users.getUsername(target.get()))) {
                deliverable = true;
            }
        }
        if (!deliverable) {
            return Route.none(r, localDomain, "mapped to " + all + ", none of them a user or an off-site address");
        }
        Route.Kind kind;
        String why;
        if (!rrt.getStoredMappings(MappingSource.fromMailAddress(address)).isEmpty()) {
            kind = remote.isEmpty() ? Route.Kind.ALIAS : Route.Kind.FORWARD;
            why = "mapping of " + r;
        } else if (isAliasDomain(address.getDomain())) {
            kind = Route.Kind.DOMAIN_ALIAS;
            why = address.getDomain().asString() + " is an alias domain";
        } else {
            kind = Route.Kind.CATCH_ALL;
            why = "mapping of *@" + address.getDomain().asString();
        }
        return Route.mapped(kind, r, all, remote, localDomain, why);
    }

    private boolean isAliasDomain(Domain domain) throws RecipientRewriteTableException {
        Mappings m = rrt.getStoredMappings(MappingSource.fromDomain(domain));
        return m.contains(Mapping.Type.DomainAlias) || m.contains(Mapping.Type.Domain);
    }
}
