package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mxpack.core.routes.ForwardAction;
import org.mxpack.core.routes.Forwardability;
import org.mxpack.james.VerdictAttributes;

class KeepLocalTest {
    @Test
    void keepsListedRecipientsHereAndLetsTheOthersGoOn() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
                .defaultDomain(Domain.of("example.test")).build());
        MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        users.addUser(Username.of("carol@example.test"), "x");
        FakeMailContext context = FakeMailContext.defaultContext();
        KeepLocal mailet = new KeepLocal(users);
        mailet.init(FakeMailetConfig.builder().mailetName("KeepLocal").mailetContext(context).build());

        Mail mail = FakeMail.builder().name("m1")
                .recipients("carol@example.test", "list@example.test", "bob@example.test").build();
        VerdictAttributes.putMethod(mail, "forwardability", Forwardability.of(
                Map.of("carol@example.test", ForwardAction.LOCAL, "list@example.test", ForwardAction.LOCAL),
                List.of("strict.example"), "p=reject, no aligned DKIM").toMap());
        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.test"));
        assertThat(context.getSentMails()).hasSize(2);
        assertThat(context.getSentMails().get(0).getState()).isEqualTo("local-delivery");
        assertThat(context.getSentMails().get(0).getRecipients()).containsExactly(new MailAddress("carol@example.test"));
        assertThat(context.getSentMails().get(1).getState()).isEqualTo(Mail.ERROR);
        assertThat(context.getSentMails().get(1).getRecipients()).containsExactly(new MailAddress("list@example.test"));
    }

    @Test
    void mailWithoutTheVerdictIsUntouched() throws Exception {
        FakeMailContext context = FakeMailContext.defaultContext();
        KeepLocal mailet = new KeepLocal(null);
        mailet.init(FakeMailetConfig.builder().mailetName("KeepLocal").mailetContext(context).build());
        Mail mail = FakeMail.builder().name("m2").recipients("bob@example.test").build();
        mailet.service(mail);
        assertThat(mail.getRecipients()).hasSize(1);
        assertThat(context.getSentMails()).isEmpty();
    }
}
