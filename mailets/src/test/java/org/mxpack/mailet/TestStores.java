package org.mxpack.mailet;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;

/**
 * Stores for mailet unit tests: a domain list that holds given domains or fails as a broken backend
 * does (a real memory James cannot be made to fail), and mail repositories that keep what is parked.
 */
final class TestStores {
    private TestStores() {
    }

    static DomainList domains(String... ours) {
        Set<String> set = Set.of(ours);
        return proxy(DomainList.class, (method, args) -> {
            if (method.equals("containsDomain")) {
                return set.contains(((Domain) args[0]).asString());
            }
            throw new UnsupportedOperationException(method);
        });
    }

    /** Every question fails, as a Cassandra-backed list does when the cluster is unreachable. */
    static DomainList failingDomains() {
        return proxy(DomainList.class, (method, args) -> {
            throw new DomainListException("backend unreachable");
        });
    }

    /** Mail repositories by URL: what each received, as copies (as James's repositories store). */
    static final class Repositories {
        final Map<String, List<Mail>> parked = new LinkedHashMap<>();

        MailRepositoryStore store() {
            return proxy(MailRepositoryStore.class, (method, args) -> {
                if (method.equals("select")) {
                    return repository(((MailRepositoryUrl) args[0]).asString());
                }
                throw new UnsupportedOperationException(method);
            });
        }

        List<Mail> in(String url) {
            return parked.getOrDefault(MailRepositoryUrl.from(url).asString(), List.of());
        }

        private MailRepository repository(String url) {
            List<Mail> mails = parked.computeIfAbsent(url, u -> new ArrayList<>());
            return proxy(MailRepository.class, (method, args) -> {
                if (method.equals("store")) {
                    Mail copy = MailImpl.duplicate((Mail) args[0]);
                    copy.setState(((Mail) args[0]).getState());
                    mails.add(copy);
                    return MailKey.forMail(copy);
                }
                throw new UnsupportedOperationException(method);
            });
        }
    }

    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> {
                    if (m.getName().equals("toString")) {
                        return type.getSimpleName();
                    }
                    return answer.answer(m.getName(), args);
                }));
    }
}
