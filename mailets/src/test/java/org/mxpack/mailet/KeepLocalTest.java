package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mxpack.core.routes.ForwardAction;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.VerdictAttributes;

/** KeepLocal over James's own memory stores (real RecipientRewriteTable semantics). */
class KeepLocalTest {
    private MemoryDomainList domains;
    private MemoryUsersRepository users;
    private MemoryRecipientRewriteTable rrt;
    private FakeMailContext context;
    private TestStores.Repositories repositories;

    @BeforeEach
    void setUp() throws Exception {
        domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
                .defaultDomain(Domain.of("example.test")).build());
        users = MemoryUsersRepository.withVirtualHosting(domains);
        users.addUser(Username.of("carol@example.test"), "x");
        users.addUser(Username.of("bob@example.test"), "x");
        rrt = new MemoryRecipientRewriteTable();
        rrt.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        rrt.setDomainList(domains);
        rrt.setUsersRepository(users);
        // carol forwards off-site; the list has a local and an off-site member
        rrt.addForwardMapping(MappingSource.fromUser("carol", Domain.of("example.test")), "carol@far.test");
        rrt.addAliasMapping(MappingSource.fromUser("list", Domain.of("example.test")), "bob@example.test");
        rrt.addAliasMapping(MappingSource.fromUser("list", Domain.of("example.test")), "dan@far.test");
        context = FakeMailContext.defaultContext();
        repositories = new TestStores.Repositories();
    }

    private KeepLocal mailet(DomainList domainList) throws Exception {
        KeepLocal k = new KeepLocal(new JamesRouteResolver(domainList, users, rrt, RelayRoutes.none(), Runnable::run),
                repositories.store());
        k.init(FakeMailetConfig.builder().mailetName("KeepLocal").mailetContext(context).build());
        return k;
    }

    private static Mail keepLocal(String... kept) throws Exception {
        Mail mail = FakeMail.builder().name("m1").state(Mail.TRANSPORT)
                .recipients("carol@example.test", "list@example.test", "ghost@example.test", "eve@example.test")
                .build();
        Map<String, ForwardAction> actions = new LinkedHashMap<>();
        for (String k : kept) {
            actions.put(k, ForwardAction.LOCAL);
        }
        VerdictAttributes.putMethod(mail, "forwardability",
                Forwardability.of(actions, List.of("strict.example"), "p=reject, no aligned DKIM").toMap());
        return mail;
    }

    @Test
    void keptRecipientsGoToTheirRoutesLocalDestinationsOrTheirOwnMailbox() throws Exception {
        Mail mail = keepLocal("carol@example.test", "list@example.test", "ghost@example.test");
        mailet(domains).service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("eve@example.test"));
        assertThat(context.getSentMails()).hasSize(2);
        FakeMailContext.SentMail local = context.getSentMails().get(0);
        assertThat(local.getState()).isEqualTo("local-delivery");
        // carol: a pure forward, her own mailbox; the list: its local member only, never dan@far.test
        assertThat(local.getRecipients()).extracting(MailAddress::asString)
                .containsExactly("carol@example.test", "bob@example.test");
        FakeMailContext.SentMail held = context.getSentMails().get(1);
        assertThat(held.getState()).isEqualTo(Mail.ERROR);
        assertThat(held.getRecipients()).extracting(MailAddress::asString).containsExactly("ghost@example.test");
        assertThat(repositories.in(RetryParking.DEFAULT_URL)).isEmpty();
    }

    @Test
    void aFailingStoreParksTheWholeMailAndDeliversNothing() throws Exception {
        Mail mail = keepLocal("carol@example.test", "list@example.test");
        mailet(TestStores.failingDomains()).service(mail);

        assertThat(context.getSentMails()).as("no part delivered, nothing bounced").isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        List<Mail> parked = repositories.in(RetryParking.DEFAULT_URL);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getRecipients()).hasSize(4);
        assertThat(parked.get(0).getState()).isEqualTo(Mail.TRANSPORT);
        assertThat(VerdictAttributes.getMethod(parked.get(0), "forwardability")).as("kept for the retry").isPresent();
    }

    @Test
    void mailWithoutTheVerdictIsUntouched() throws Exception {
        Mail mail = FakeMail.builder().name("m2").recipients("bob@example.test").build();
        mailet(TestStores.failingDomains()).service(mail);
        assertThat(mail.getRecipients()).hasSize(1);
        assertThat(context.getSentMails()).isEmpty();
    }
}
