package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mxpack.core.routes.NextHop;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.routes.Route;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;
import org.mxpack.core.srs.SrsRouting;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.VerdictAttributes;

class SrsMailetsTest {
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    static final SrsRouting ROUTING = new SrsRouting(Srs.of(SrsConfig.of("fwd.example.net",
            List.of("mxpack-test-secret"))));
    static final String SRS_ALICE = "SRS0=+IyW=G3=example.com=alice@fwd.example.net";

    static MailImpl mail(String sender, String... rcpts) throws Exception {
        MimeMessage m = MimeMessageBuilder.mimeMessageBuilder().setSubject("s").setText("body").build();
        MailImpl.Builder b = MailImpl.builder().name("m1").mimeMessage(m).state(Mail.TRANSPORT);
        b = sender.isEmpty() ? b.sender(org.apache.james.core.MaybeSender.nullSender()) : b.sender(sender);
        for (String r : rcpts) {
            b = b.addRecipient(r);
        }
        return b.build();
    }

    static SrsForward forward(DomainList domains, TestStores.Repositories repositories) throws Exception {
        SrsForward f = new SrsForward(null, new JamesRouteResolver(domains, null, null, RelayRoutes.none(), Runnable::run),
                repositories.store(), CLOCK);
        f.init(FakeMailetConfig.builder().mailetName("SrsForward").build());
        f.use(ROUTING);
        return f;
    }

    static SrsForward forward() throws Exception {
        return forward(TestStores.domains("example.org"), new TestStores.Repositories());
    }

    @Test
    void forwardParksTheMailWhenTheDomainListFails() throws Exception {
        TestStores.Repositories repositories = new TestStores.Repositories();
        SrsForward f = forward(TestStores.failingDomains(), repositories);
        MailImpl mail = mail("bob@example.org", "carol@far.example");
        mail.setState("relay");
        f.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        List<Mail> parked = repositories.in(RetryParking.DEFAULT_URL);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getMaybeSender().asString()).as("not rewritten on a guess").isEqualTo("bob@example.org");
        assertThat(parked.get(0).getState()).as("reprocessing resumes in relay").isEqualTo("relay");
        assertThat(parked.get(0).getRecipients()).extracting(MailAddress::asString).containsExactly("carol@far.example");
    }

    @Test
    void forwardRewritesForeignSendersOnly() throws Exception {
        SrsForward f = forward();
        MailImpl foreign = mail("alice@example.com", "carol@far.example");
        f.service(foreign);
        assertThat(foreign.getMaybeSender().asString()).isEqualTo(SRS_ALICE);
        assertThat(VerdictAttributes.getMethod(foreign, SrsForward.METHOD).orElseThrow())
                .containsEntry("outcome", "forwarded");

        MailImpl local = mail("bob@example.org", "carol@far.example");
        f.service(local);
        assertThat(local.getMaybeSender().asString()).isEqualTo("bob@example.org");

        MailImpl bounce = mail("", "carol@far.example");
        f.service(bounce);
        assertThat(bounce.getMaybeSender().isNullSender()).isTrue();
    }

    @Test
    void reverseSendsOurSrsRecipientsBackAndKeepsTheOthers() throws Exception {
        FakeMailContext context = FakeMailContext.defaultContext();
        SrsReverse r = new SrsReverse(null, CLOCK);
        r.init(FakeMailetConfig.builder().mailetName("SrsReverse").mailetContext(context).build());
        r.use(ROUTING);
        MailImpl mail = mail("", SRS_ALICE, "bob@example.org", "SRS0=AAAA=G3=example.com=x@fwd.example.net",
                "SRS0=LvxD=G3=orig.example=alice@first.example");
        r.service(mail);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("alice@example.com"));
        assertThat(sent.getState()).isEqualTo(Mail.TRANSPORT);
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("bob@example.org",
                "SRS0=AAAA=G3=example.com=x@fwd.example.net", "SRS0=LvxD=G3=orig.example=alice@first.example");
        assertThat(mail.getState()).isEqualTo(Mail.TRANSPORT);

        MailImpl only = mail("", SRS_ALICE);
        r.service(only);
        assertThat(only.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void bounceAcceptedAtRcptIsReversedEvenIfItsAddressExpiredSince() throws Exception {
        Clock later = Clock.offset(CLOCK, Duration.ofDays(22)); // past the default maxAge of 21 days
        FakeMailContext context = FakeMailContext.defaultContext();
        SrsReverse r = new SrsReverse(null, later);
        r.init(FakeMailetConfig.builder().mailetName("SrsReverse").mailetContext(context).build());
        r.use(ROUTING);

        MailImpl notSeenAtRcpt = mail("", SRS_ALICE);
        r.service(notSeenAtRcpt);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(notSeenAtRcpt.getRecipients()).extracting(MailAddress::asString).containsExactly(SRS_ALICE);

        MailImpl acceptedAtRcpt = mail("", SRS_ALICE.replace("@fwd.example.net", "@FWD.Example.NET"));
        VerdictAttributes.putMethod(acceptedAtRcpt, "routes", Map.of(SRS_ALICE,
                Route.srsBounce(SRS_ALICE, "alice@example.com", "valid SRS address of ours").toMap()));
        r.service(acceptedAtRcpt);
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getRecipients()).extracting(MailAddress::asString)
                .containsExactly("alice@example.com");
        assertThat(acceptedAtRcpt.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void relayMatcherParksTheMailWhenTheDomainListFails() throws Exception {
        TestStores.Repositories repositories = new TestStores.Repositories();
        RelayRoutes relays = RelayRoutes.read(new org.mxpack.core.config.DomConfigSource(
                javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new org.xml.sax.InputSource(new java.io.StringReader(
                                "<mxpack><routes><relay>partner.example 10.0.0.5</relay></routes></mxpack>")))
                        .getDocumentElement(), "mxpack.xml"));
        RecipientIsRelayDomain ok = new RecipientIsRelayDomain(
                new JamesRouteResolver(TestStores.domains("example.org"), null, null, relays, Runnable::run),
                repositories.store());
        ok.init(FakeMatcherConfig.builder().matcherName("RecipientIsRelayDomain").build());
        MailImpl mail = mail("alice@example.com", "x@partner.example", "bob@example.org");
        assertThat(ok.match(mail)).extracting(MailAddress::asString).containsExactly("x@partner.example");

        RecipientIsRelayDomain broken = new RecipientIsRelayDomain(
                new JamesRouteResolver(TestStores.failingDomains(), null, null, relays, Runnable::run),
                repositories.store());
        broken.init(FakeMatcherConfig.builder().matcherName("RecipientIsRelayDomain")
                .condition("memory://var/mail/elsewhere/").build());
        assertThat(broken.match(mail)).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(repositories.in("memory://var/mail/elsewhere/")).hasSize(1);
        assertThat(repositories.in("memory://var/mail/elsewhere/").get(0).getRecipients()).hasSize(2);
    }

    @Test
    void nextHopDeliveryParksTheMailWhenTheDomainListFails() throws Exception {
        TestStores.Repositories repositories = new TestStores.Repositories();
        NextHopDelivery d = new NextHopDelivery(null, null, null, null,
                new JamesRouteResolver(TestStores.failingDomains(), null, null, RelayRoutes.none(), Runnable::run),
                repositories.store());
        d.init(FakeMailetConfig.builder().mailetName("NextHopDelivery")
                .setProperty("retryRepository", "memory://var/mail/hop-retry/").build());
        MailImpl mail = mail("alice@example.com", "x@partner.example");
        d.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(repositories.in("memory://var/mail/hop-retry/")).hasSize(1);
    }

    @Test
    void eachHopGetsItsGatewayQueueAndTls() {
        Map<String, String> own = Map.of("outgoing", "q", "delayTime", "1000", "startTLS", "false");
        Map<String, String> plain = NextHopDelivery.hopParameters(own, "q", NextHop.parse("10.0.0.5:2525",
                NextHop.Tls.OPTIONAL));
        assertThat(plain).containsEntry("gateway", "10.0.0.5").containsEntry("gatewayPort", "2525")
                .containsEntry("outgoing", "q-10.0.0.5-2525").containsEntry("startTLS", "false")
                .containsEntry("delayTime", "1000").doesNotContainKey("mail.smtp.starttls.required");
        Map<String, String> tls = NextHopDelivery.hopParameters(own, "q", NextHop.parse("[2001:db8::25]",
                NextHop.Tls.REQUIRED));
        assertThat(tls).containsEntry("gateway", "[2001:db8::25]").containsEntry("gatewayPort", "25")
                .containsEntry("outgoing", "q-2001-db8--25-25-tls").containsEntry("startTLS", "true")
                .containsEntry("mail.smtp.starttls.required", "true");
    }
}
