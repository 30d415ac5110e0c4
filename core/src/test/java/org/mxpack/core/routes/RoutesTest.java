package org.mxpack.core.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;

class RoutesTest {
    private static RelayRoutes relays(String... specs) {
        StringBuilder xml = new StringBuilder("<mxpack><routes>");
        for (String s : specs) {
            xml.append("<relay>").append(s).append("</relay>");
        }
        return RelayRoutes.read(Xml.of("mxpack.xml", xml.append("</routes></mxpack>").toString()));
    }

    @Test
    void relayRoutesParse() {
        RelayRoutes r = relays("partner.example 10.0.0.5:2525 tls=required", "Legacy.Example. [2001:db8::25]",
                "backup.example mx.backup.example");
        assertThat(r.find("partner.example")).contains(NextHop.of("10.0.0.5", 2525, NextHop.Tls.REQUIRED));
        assertThat(r.find("LEGACY.example")).contains(NextHop.of("2001:db8::25", 25, NextHop.Tls.OPTIONAL));
        assertThat(r.find("legacy.example").get().hostPort()).isEqualTo("[2001:db8::25]:25");
        assertThat(r.find("backup.example").get().hostPort()).isEqualTo("mx.backup.example:25");
        assertThat(r.find("sub.partner.example")).isEmpty();
        assertThat(r.all()).hasSize(3);
        assertThat(RelayRoutes.read(Xml.of("mxpack.xml", "<mxpack/>")).all()).isEmpty();
    }

    @Test
    void badRelayRoutesNameElementAndValue() {
        assertThatThrownBy(() -> relays("partner.example"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mxpack.xml <relay>partner.example</relay>")
                .hasMessageContaining("DOMAIN NEXTHOP");
        assertThatThrownBy(() -> relays("partner.example 10.0.0.5:99999"))
                .hasMessageContaining("<relay>partner.example 10.0.0.5:99999</relay>").hasMessageContaining("port");
        assertThatThrownBy(() -> relays("partner.example 10.0.0.5 tls=maybe")).hasMessageContaining("tls=required");
        assertThatThrownBy(() -> relays("not_a_domain 10.0.0.5")).hasMessageContaining("not a domain name");
        assertThatThrownBy(() -> relays("p.example 2001:db8::1")).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> relays("p.example a:25", "P.example b:25")).hasMessageContaining("two relay routes");
    }

    @Test
    void offlineResolver() {
        OfflineRouteResolver r = new OfflineRouteResolver(List.of("Example.ORG"),
                relays("partner.example 10.0.0.5:25"));
        assertThat(r.resolveNow("<bob@example.org>").kind()).isEqualTo(Route.Kind.LOCAL_USER);
        Route relay = r.resolve("x@partner.example").join();
        assertThat(relay.kind()).isEqualTo(Route.Kind.RELAY);
        assertThat(relay.nextHop().get().hostPort()).isEqualTo("10.0.0.5:25");
        assertThat(relay.remoteDestinations()).containsExactly("x@partner.example");
        assertThat(relay.localDomain()).isFalse();
        Route none = r.resolveNow("x@elsewhere.example");
        assertThat(none.kind()).isEqualTo(Route.Kind.NONE);
        assertThat(none.routable()).isFalse();
        assertThat(r.resolveNow("postmaster").kind()).isEqualTo(Route.Kind.NONE);
    }

    @Test
    void routeValues() {
        Route fwd = Route.mapped(Route.Kind.FORWARD, "a@example.org", List.of("b@example.org", "c@far.example"),
                List.of("c@far.example"), true, "forward");
        assertThat(fwd.localDestinations()).containsExactly("b@example.org");
        Map<String, Object> m = fwd.toMap();
        assertThat(m).containsEntry("kind", "forward").containsEntry("remote", List.of("c@far.example"))
                .containsEntry("localDomain", true);
        assertThat(Route.relay("x@p.example", NextHop.of("h", 25, NextHop.Tls.REQUIRED), "").toMap().get("nextHop"))
                .isEqualTo(Map.of("host", "h", "port", 25L, "tls", "required"));
        assertThat(Route.Kind.CATCH_ALL.keyword()).isEqualTo("catch-all");
        assertThatThrownBy(() -> Route.mapped(Route.Kind.RELAY, "a@b.example", List.of("a@b.example"), List.of(), true, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Route.mapped(Route.Kind.ALIAS, "a@b.example", List.of(), List.of(), true, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
