package org.mxpack.james;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.routes.Route;

/** The resolver over James's own in-memory stores, i.e. the real RecipientRewriteTable semantics. */
class JamesRouteResolverTest {
    private MemoryDomainList domains;
    private MemoryUsersRepository users;
    private MemoryRecipientRewriteTable rrt;
    private JamesRouteResolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
                .defaultDomain(Domain.of("example.org")).build());
        domains.addDomain(Domain.of("catch.example"));
        users = MemoryUsersRepository.withVirtualHosting(domains);
        users.addUser(Username.of("bob@example.org"), "x");
        users.addUser(Username.of("carol@example.org"), "x");
        rrt = new MemoryRecipientRewriteTable();
        rrt.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        rrt.setDomainList(domains);
        rrt.setUsersRepository(users);
        org.w3c.dom.Element conf = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(
                        "<mxpack><routes><relay>partner.example 10.0.0.5:2525 tls=required</relay></routes></mxpack>")))
                .getDocumentElement();
        resolver = new JamesRouteResolver(domains, users, rrt,
                RelayRoutes.read(new DomConfigSource(conf, "mxpack.xml")), Runnable::run);
    }

    private Route route(String rcpt) {
        return resolver.resolve(rcpt).join();
    }

    @Test
    void localUserAndUnknownUser() {
        assertThat(route("<bob@example.org>").kind()).isEqualTo(Route.Kind.LOCAL_USER);
        Route none = route("nobody@example.org");
        assertThat(none.kind()).isEqualTo(Route.Kind.NONE);
        assertThat(none.localDomain()).isTrue();
        Route foreign = route("x@elsewhere.example");
        assertThat(foreign.kind()).isEqualTo(Route.Kind.NONE);
        assertThat(foreign.localDomain()).isFalse();
        assertThat(route("not an address").kind()).isEqualTo(Route.Kind.NONE);
    }

    @Test
    void aliasAndForward() throws Exception {
        rrt.addAliasMapping(MappingSource.fromUser("sales", Domain.of("example.org")), "bob@example.org");
        Route alias = route("sales@example.org");
        assertThat(alias.kind()).isEqualTo(Route.Kind.ALIAS);
        assertThat(alias.destinations()).containsExactly("bob@example.org");
        assertThat(alias.remoteDestinations()).isEmpty();

        rrt.addForwardMapping(MappingSource.fromUser("carol", Domain.of("example.org")), "carol@far.example");
        Route fwd = route("carol@example.org");
        assertThat(fwd.kind()).isEqualTo(Route.Kind.FORWARD);
        assertThat(fwd.remoteDestinations()).containsExactly("carol@far.example");
    }

    @Test
    void aliasToNobodyIsNoRoute() throws Exception {
        rrt.addAliasMapping(MappingSource.fromUser("ghost", Domain.of("example.org")), "nobody@example.org");
        assertThat(route("ghost@example.org").kind()).isEqualTo(Route.Kind.NONE);
    }

    @Test
    void domainAlias() throws Exception {
        // James 3.8.1 requires the alias (source) domain in the domain list too
        domains.addDomain(Domain.of("alias.example"));
        rrt.addDomainAliasMapping(MappingSource.fromDomain(Domain.of("alias.example")), Domain.of("example.org"));
        Route r = route("bob@alias.example");
        assertThat(r.kind()).isEqualTo(Route.Kind.DOMAIN_ALIAS);
        assertThat(r.destinations()).containsExactly("bob@example.org");
        assertThat(r.localDomain()).isTrue();
        assertThat(route("nobody@alias.example").kind()).isEqualTo(Route.Kind.NONE);
    }

    @Test
    void catchAll() throws Exception {
        rrt.addAddressMapping(MappingSource.fromDomain(Domain.of("catch.example")), "bob@example.org");
        Route r = route("anything@catch.example");
        assertThat(r.kind()).isEqualTo(Route.Kind.CATCH_ALL);
        assertThat(r.destinations()).containsExactly("bob@example.org");
    }

    @Test
    void errorMappingIsNoRoute() throws Exception {
        rrt.addErrorMapping(MappingSource.fromUser("gone", Domain.of("example.org")), "user left");
        Route r = route("gone@example.org");
        assertThat(r.kind()).isEqualTo(Route.Kind.NONE);
        assertThat(r.reason()).contains("user left");
    }

    @Test
    void relayDomain() {
        Route r = route("x@partner.example");
        assertThat(r.kind()).isEqualTo(Route.Kind.RELAY);
        assertThat(r.nextHop().get().hostPort()).isEqualTo("10.0.0.5:2525");
        assertThat(r.localDomain()).isFalse();
    }
}
