package org.mxpack.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.routes.NextHop;
import org.mxpack.core.routes.Route;
import org.mxpack.core.routes.RouteResolver;
import org.mxpack.core.routes.Xml;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;
import org.mxpack.core.verdict.Action;

class RecipientPolicyTest {
    /** Fake resolver: fixed routes; unknown recipients have none; "slow@" never answers. */
    private static final class FakeResolver implements RouteResolver {
        final Map<String, Route> routes = new HashMap<>();

        FakeResolver with(Route r) {
            routes.put(r.recipient(), r);
            return this;
        }

        @Override
        public CompletableFuture<Route> resolve(String recipient) {
            if (recipient.startsWith("slow@")) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.completedFuture(routes.getOrDefault(recipient,
                    Route.none(recipient, recipient.endsWith("@example.org"), "unknown")));
        }
    }

    private final FakeResolver resolver = new FakeResolver()
            .with(Route.localUser("bob@example.org", "user"))
            .with(Route.relay("x@partner.example", NextHop.of("10.0.0.5", 25, NextHop.Tls.OPTIONAL), "relay"))
            .with(Route.mapped(Route.Kind.DOMAIN_ALIAS, "bob@alias.example", List.of("bob@example.org"), List.of(),
                    false, "alias domain"))
            .with(Route.tempfail("broken@example.org", "store down"));

    private static Services services() {
        Dns dns = (name, type) -> {
            throw new AssertionError("no DNS here");
        };
        return Services.of(dns, "mx.example.org").withStageBudget(Duration.ofMillis(200));
    }

    private static SessionFacts facts() throws Exception {
        SessionFacts f = new SessionFacts(InetAddress.getByName("192.0.2.7"), "s1");
        f.beginTransaction("alice@sender.example");
        return f;
    }

    private RecipientPolicy policy(String xml) {
        return RecipientPolicy.read(services(), config(xml), resolver);
    }

    private static ConfigSource config(String xml) {
        return Xml.of("smtpserver.xml <handler class=\"org.mxpack.smtp.RecipientHook\">", "<handler>" + xml + "</handler>");
    }

    @Test
    void localUserIsAccepted() throws Exception {
        SessionFacts f = facts();
        RecipientPolicy.Outcome o = policy("").onRcpt(f, "<bob@example.org>");
        assertThat(o.refusal()).isEmpty();
        assertThat(o.acceptForeignDomain()).isFalse();
        assertThat(f.recipients()).isEqualTo(1);
        assertThat(f.decision(RecipientPolicy.ROUTE).get().result()).isEqualTo("local-user");
        assertThat(f.decision(RecipientPolicy.ROUTE).get().context().recipient()).contains("bob@example.org");
        assertThat(f.verdicts().get(RecipientPolicy.ROUTES)).containsKey("bob@example.org");
    }

    @Test
    void noRouteIs550() throws Exception {
        SessionFacts f = facts();
        RecipientPolicy.Outcome o = policy("").onRcpt(f, "nobody@example.org");
        assertThat(o.refusal().get().toString()).isEqualTo("550 5.1.1 <nobody@example.org>: no route to this recipient here");
        assertThat(f.recipients()).isZero();
        assertThat(f.decision(RecipientPolicy.ROUTE).get().action()).isEqualTo(Action.REJECT);
        assertThat(f.verdicts()).doesNotContainKey(RecipientPolicy.ROUTES);
    }

    @Test
    void postmasterOfALocalDomainIsAlwaysAccepted() throws Exception {
        SessionFacts f = facts();
        assertThat(policy("").onRcpt(f, "<Postmaster@example.org>").refusal()).as("RFC 5321 4.5.1").isEmpty();
        assertThat(f.decision(RecipientPolicy.ROUTE).get().reason()).contains("RFC 5321 4.5.1");
        assertThat(policy("").onRcpt(f, "postmaster@elsewhere.example").refusal()).as("not our domain").isPresent();
    }

    @Test
    void backendErrorAndTimeoutAre451() throws Exception {
        SessionFacts f = facts();
        assertThat(policy("").onRcpt(f, "broken@example.org").refusal().get().toString())
                .startsWith("451 4.3.0 ");
        assertThat(policy("").onRcpt(f, "slow@example.org").refusal().get().toString())
                .startsWith("451 4.3.0 ");
        assertThat(f.decision(RecipientPolicy.ROUTE).get().reason()).contains("no answer within 200 ms");
        assertThat(policy("<route><onBackendFailure>accept</onBackendFailure></route>")
                .onRcpt(f, "broken@example.org").refusal()).isEmpty();
    }

    @Test
    void foreignRoutesAreAcceptedByTheHookItself() throws Exception {
        SessionFacts f = facts();
        RecipientPolicy.Outcome relay = policy("").onRcpt(f, "x@partner.example");
        assertThat(relay.refusal()).isEmpty();
        assertThat(relay.acceptForeignDomain()).isTrue();
        assertThat(policy("").onRcpt(f, "bob@alias.example").acceptForeignDomain()).isTrue();
        assertThat(f.verdicts().get(RecipientPolicy.ROUTES)).containsKeys("x@partner.example", "bob@alias.example");
    }

    @Test
    void trustedClientsMayRelayButNotToUnknownLocalUsers() throws Exception {
        SessionFacts f = facts();
        f.trusted(true);
        RecipientPolicy.Outcome o = policy("").onRcpt(f, "someone@elsewhere.example");
        assertThat(o.refusal()).isEmpty();
        assertThat(o.acceptForeignDomain()).isFalse(); // James's relay check decides
        assertThat(policy("").onRcpt(f, "nobody@example.org").refusal().get().code()).isEqualTo(550);
    }

    @Test
    void recipientLimit() throws Exception {
        RecipientPolicy p = policy("<recipientLimit><max>2</max></recipientLimit>");
        SessionFacts f = facts();
        assertThat(p.onRcpt(f, "bob@example.org").refusal()).isEmpty();
        assertThat(p.onRcpt(f, "nobody@example.org").refusal().get().code()).isEqualTo(550); // refused: not counted
        assertThat(p.onRcpt(f, "x@partner.example").refusal()).isEmpty();
        assertThat(p.onRcpt(f, "bob@example.org").refusal().get().toString())
                .isEqualTo("452 4.5.3 Too many recipients: at most 2 per message, send the rest in another transaction");
        assertThat(f.recipients()).isEqualTo(2);
        f.beginTransaction("alice@sender.example");
        assertThat(p.onRcpt(f, "bob@example.org").refusal()).isEmpty();
    }

    @Test
    void observeModeAcceptsAndRecordsShadow() throws Exception {
        RecipientPolicy p = policy("<route><reject>false</reject></route>"
                + "<recipientLimit><max>1</max><reject>false</reject></recipientLimit>");
        SessionFacts f = facts();
        assertThat(p.onRcpt(f, "nobody@example.org").refusal()).isEmpty();
        assertThat(f.decision(RecipientPolicy.ROUTE).get().action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(p.onRcpt(f, "bob@example.org").refusal()).isEmpty();
        assertThat(f.decision(RecipientPolicy.RECIPIENT_LIMIT).get().action()).isEqualTo(Action.SHADOW_TEMPFAIL);
        RecipientPolicy shadow = RecipientPolicy.read(services().withShadow(true), config(""), resolver);
        assertThat(shadow.onRcpt(f, "nobody@example.org").refusal()).isEmpty();
    }

    @Test
    void disabledChecksDoNothing() throws Exception {
        RecipientPolicy p = policy("<route><enabled>false</enabled></route><recipientLimit><enabled>false</enabled></recipientLimit>");
        SessionFacts f = facts();
        assertThat(p.onRcpt(f, "nobody@example.org").refusal()).isEmpty();
        assertThat(f.decisions()).isEmpty();
    }

    @Test
    void badKnobsNameElementAndValue() {
        assertThatThrownBy(() -> policy("<recipientLimit><max>0</max></recipientLimit>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("<max>0</max>");
        assertThatThrownBy(() -> policy("<route><onBackendFailure>reject</onBackendFailure></route>"))
                .hasMessageContaining("<onBackendFailure>reject</onBackendFailure>").hasMessageContaining("never gives a 5xx");
        assertThatThrownBy(() -> policy("<route><reject>maybe</reject></route>")).hasMessageContaining("<reject>maybe</reject>");
    }

    // ---- SRS bounces ----

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Srs SRS = Srs.of(SrsConfig.of("fwd.example.org", List.of("new-secret", "old-secret")));

    private RecipientPolicy srsPolicy(String xml) {
        return RecipientPolicy.read(services().withClock(Clock.fixed(NOW, ZoneOffset.UTC)), config(xml), resolver,
                Optional.of(SRS));
    }

    @Test
    void validSrsBounceIsAcceptedWithARouteBack() throws Exception {
        String srs0 = SRS.forward("alice@sender.example", NOW.minus(Duration.ofDays(3))).address();
        SessionFacts f = facts();
        f.beginTransaction("");
        RecipientPolicy.Outcome o = srsPolicy("").onRcpt(f, "<" + srs0 + ">");
        assertThat(o.refusal()).isEmpty();
        assertThat(o.acceptForeignDomain()).as("the SRS domain need not be in James's DomainList").isTrue();
        assertThat(o.route().get().kind()).isEqualTo(Route.Kind.SRS_BOUNCE);
        assertThat(o.route().get().destinations()).containsExactly("alice@sender.example");
        assertThat(f.decision(RecipientPolicy.SRS).get().result()).isEqualTo("reversed");
        assertThat(f.recipients()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> route = (Map<String, Object>) f.verdicts().get(RecipientPolicy.ROUTES).get(srs0);
        assertThat(route).containsEntry("kind", "srs-bounce").containsEntry("destinations", List.of("alice@sender.example"));
        // signed with a retired secret that still verifies; SRS1 goes back to the first forwarder
        Srs old = Srs.of(SrsConfig.of("fwd.example.org", List.of("old-secret")));
        assertThat(srsPolicy("").onRcpt(f, old.forward("bob@sender.example", NOW).address()).refusal()).isEmpty();
        String srs1 = SRS.forward("SRS0=abcd=TT=orig.example=carol@first.example", NOW).address();
        assertThat(srsPolicy("").onRcpt(f, srs1).route().get().destinations())
                .containsExactly("SRS0=abcd=TT=orig.example=carol@first.example");
    }

    @Test
    void forgedMalformedOrExpiredSrsBouncesAre550() throws Exception {
        RecipientPolicy p = srsPolicy("");
        SessionFacts f = facts();
        assertThat(p.onRcpt(f, "SRS0=xxxx=TT=example.org=bob@fwd.example.org").refusal().get().toString())
                .isEqualTo("550 5.1.1 <SRS0=xxxx=TT=example.org=bob@fwd.example.org>: invalid or expired SRS address");
        assertThat(f.decision(RecipientPolicy.SRS).get().result()).isEqualTo("bad_hash");
        assertThat(p.onRcpt(f, "srs0=xxxx=T!=example.org=bob@FWD.example.org.").refusal().get().toString())
                .startsWith("550 5.1.1 <srs0=xxxx=T!=example.org=bob@FWD.example.org.>: invalid or expired SRS");
        assertThat(f.decision(RecipientPolicy.SRS).get().result()).isEqualTo("bad_syntax");
        String expired = SRS.forward("alice@sender.example", NOW.minus(Duration.ofDays(22))).address();
        assertThat(p.onRcpt(f, expired).refusal().get().toString())
                .isEqualTo("550 5.1.1 <" + expired + ">: invalid or expired SRS address");
        assertThat(f.decision(RecipientPolicy.SRS).get().result()).isEqualTo("expired");
        assertThat(f.decision(RecipientPolicy.SRS).get().action()).isEqualTo(Action.REJECT);
        assertThat(f.recipients()).isZero();
        assertThat(f.verdicts()).doesNotContainKey(RecipientPolicy.ROUTES);
        String forged = SRS.forward("alice@sender.example", NOW).address().replace("@fwd", "@FWD");
        assertThat(p.onRcpt(f, forged).refusal()).as("domain case does not matter; hash is case-insensitive").isEmpty();
    }

    @Test
    void guessingIsStoppedAfterTenRefusedRecipientsInOneConnection() throws Exception {
        RecipientPolicy p = srsPolicy("");
        SessionFacts f = facts();
        for (int i = 1; i < RecipientPolicy.DEFAULT_MAX_REFUSED_RECIPIENTS; i++) {
            f.beginTransaction(""); // a new transaction (or RSET) does not reset the count
            assertThat(p.onRcpt(f, "SRS0=g" + i + "xx=TT=example.org=bob@fwd.example.org").refusal().get().code())
                    .isEqualTo(550);
        }
        SmtpReply last = p.onRcpt(f, "nobody@example.org").refusal().get();
        assertThat(last.toString()).isEqualTo(
                "421 4.7.0 Too many refused recipients: 10 refused recipients, closing the connection");
        assertThat(last.closesConnection()).isTrue();
        assertThat(policy("<maxRefusedRecipients>0</maxRefusedRecipients>").onRcpt(f, "nobody@example.org")
                .refusal().get().code()).as("0 = off").isEqualTo(550);
    }

    @Test
    void aForgedSrsBounceObservedOnlyStillMeetsJamesRelayCheck() throws Exception {
        RecipientPolicy.Outcome o = srsPolicy("<srs><reject>false</reject></srs>")
                .onRcpt(facts(), "SRS0=xxxx=TT=example.org=bob@fwd.example.org");
        assertThat(o.refusal()).isEmpty();
        assertThat(o.acceptForeignDomain()).as("never OK: James's relay check must still decide").isFalse();
    }

    @Test
    void foreignSrsAddressesAreOrdinaryRecipients() throws Exception {
        SessionFacts f = facts();
        RecipientPolicy.Outcome o = srsPolicy("").onRcpt(f, "SRS0=xxxx=TT=example.org=bob@example.org");
        assertThat(o.refusal().get().toString())
                .isEqualTo("550 5.1.1 <SRS0=xxxx=TT=example.org=bob@example.org>: no route to this recipient here");
        assertThat(f.decision(RecipientPolicy.SRS)).isEmpty();
        // and without <srs> in mxpack.xml our SRS domain is just a domain that is not ours
        assertThat(policy("").onRcpt(f, "SRS0=xxxx=TT=example.org=bob@fwd.example.org").refusal().get().toString())
                .endsWith("no route to this recipient here");
    }

    @Test
    void srsObserveModeRoutesToTheClaimedAddressAndDisabledLooksItUp() throws Exception {
        SessionFacts f = facts();
        RecipientPolicy.Outcome o = srsPolicy("<srs><reject>false</reject></srs>")
                .onRcpt(f, "SRS0=xxxx=TT=example.org=bob@fwd.example.org");
        assertThat(o.refusal()).isEmpty();
        assertThat(f.decision(RecipientPolicy.SRS).get().action()).isEqualTo(Action.SHADOW_REJECT);
        assertThat(o.route().get().destinations()).containsExactly("bob@example.org");
        assertThat(o.route().get().reason()).contains("NOT verified");
        assertThat(srsPolicy("<srs><enabled>false</enabled></srs>")
                .onRcpt(f, "SRS0=xxxx=TT=example.org=bob@fwd.example.org").refusal().get().toString())
                .endsWith("no route to this recipient here");
    }
}
