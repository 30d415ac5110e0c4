package org.mxpack.mailet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.routes.NextHop;
import org.mxpack.james.JamesRouteResolver;
import org.mxpack.james.StoreUnavailableException;

/**
 * Delivers the recipients of relay domains to their next hop (mxpack.xml {@code <routes><relay>}) with
 * James's own {@link RemoteDelivery} (its queue, retries and bounces): one RemoteDelivery per distinct
 * next hop, configured with this mailet's init parameters plus {@code gateway}/{@code gatewayPort} of
 * the hop and its own queue {@code <outgoing>-<host>-<port>[-tls]}. 3.8.1's RemoteDelivery has one
 * gateway per instance and none per mail, hence one instance per hop; the routes stay in mxpack.xml.
 *
 * <p>TLS: {@code tls=required} sets {@code startTLS=true} and JavaMail's
 * {@code mail.smtp.starttls.required=true} (a hop without STARTTLS is a failed attempt: retried, then
 * bounced, never sent in clear); {@code tls=optional} uses STARTTLS when offered unless this mailet
 * says {@code <startTLS>false</startTLS>}. Certificates are checked as JavaMail does
 * ({@code verifyServerIdentity}, {@code mail.smtp.ssl.trust} pass through).
 *
 * <p>Recipients of other domains stay on the mail, which goes on down the processor. When the domain
 * list cannot answer, the mail is parked ({@link RetryParking}, knob {@code retryRepository}, not passed
 * to RemoteDelivery).
 */
public final class NextHopDelivery extends GenericMailet {
    /** RemoteDelivery 3.8.1 names its queue {@code <outgoing>} (its sample's {@code <outgoingQueue>} is ignored). */
    static final String QUEUE = "outgoing";
    static final String DEFAULT_QUEUE = "outgoing-nexthop";
    /** Ours, not RemoteDelivery's: where mail goes when the domain list cannot answer. */
    static final String RETRY_REPOSITORY = "retryRepository";
    private static final Set<String> FROM_ROUTES = Set.of("gateway", "gatewayPort", "gatewayUsername",
            "gatewayusername", "gatewayPassword");

    private final DNSService dns;
    private final DomainList domains;
    private final MailQueueFactory<?> queues;
    private final MetricFactory metrics;
    private final JamesRouteResolver resolver;
    private final MailRepositoryStore repositories;
    private final Map<NextHop, RemoteDelivery> delivery = new LinkedHashMap<>();
    private RetryParking parking;

    @Inject
    public NextHopDelivery(DNSService dns, DomainList domains, MailQueueFactory<?> queues, MetricFactory metrics,
            JamesRouteResolver resolver, MailRepositoryStore repositories) {
        this.dns = dns;
        this.domains = domains;
        this.queues = queues;
        this.metrics = metrics;
        this.resolver = resolver;
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        Map<String, String> own = new LinkedHashMap<>();
        for (Iterator<String> it = getInitParameterNames(); it.hasNext();) {
            String name = it.next();
            if (FROM_ROUTES.contains(name)) {
                throw new MessagingException(new MailetConfigSource(getMailetConfig()).location() + ": <" + name
                        + "> comes from the relay routes of conf/mxpack.xml, remove it here");
            }
            if (!RETRY_REPOSITORY.equals(name)) {
                own.put(name, getInitParameter(name));
            }
        }
        parking = RetryParking.open(repositories, getInitParameter(RETRY_REPOSITORY), "NextHopDelivery");
        String queue = own.getOrDefault(QUEUE, DEFAULT_QUEUE).trim();
        try {
            for (NextHop hop : resolver.relays().all().values()) {
                if (!delivery.containsKey(hop)) {
                    RemoteDelivery d = new RemoteDelivery(dns, domains, queues, metrics);
                    d.init(new HopConfig(hopParameters(own, queue, hop), getMailetContext(),
                            getMailetName() + "[" + hop + "]"));
                    delivery.put(hop, d);
                }
            }
        } catch (ConfigException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    /** This mailet's parameters for RemoteDelivery, with the hop's gateway, queue and TLS. */
    static Map<String, String> hopParameters(Map<String, String> own, String queue, NextHop hop) {
        Map<String, String> p = new LinkedHashMap<>(own);
        p.put("gateway", hop.host().indexOf(':') >= 0 ? "[" + hop.host() + "]" : hop.host());
        p.put("gatewayPort", Integer.toString(hop.port()));
        // one queue per RemoteDelivery: two instances on one queue would take each other's mail
        p.remove("outgoingQueue");
        p.put(QUEUE, queue + "-" + hop.host().replaceAll("[^A-Za-z0-9.-]", "-") + "-" + hop.port()
                + (hop.tls() == NextHop.Tls.REQUIRED ? "-tls" : ""));
        if (hop.tls() == NextHop.Tls.REQUIRED) {
            p.put("startTLS", "true");
            p.put("mail.smtp.starttls.required", "true");
        } else {
            p.putIfAbsent("startTLS", "true");
        }
        return p;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<NextHop, List<MailAddress>> byHop = new LinkedHashMap<>();
        List<MailAddress> rest = new ArrayList<>();
        try {
            // every recipient is looked up before anything is queued: a failure leaves nothing half-sent
            for (MailAddress rcpt : mail.getRecipients()) {
                Optional<NextHop> hop = resolver.relayHop(rcpt);
                if (hop.isPresent() && delivery.containsKey(hop.get())) {
                    byHop.computeIfAbsent(hop.get(), h -> new ArrayList<>()).add(rcpt);
                } else {
                    rest.add(rcpt);
                }
            }
        } catch (StoreUnavailableException e) {
            parking.park(mail, e);
            return;
        }
        if (byHop.isEmpty()) {
            return;
        }
        if (rest.isEmpty() && byHop.size() == 1) {
            Map.Entry<NextHop, List<MailAddress>> only = byHop.entrySet().iterator().next();
            delivery.get(only.getKey()).service(mail); // queued; RemoteDelivery ghosts the mail
            return;
        }
        for (Map.Entry<NextHop, List<MailAddress>> e : byHop.entrySet()) {
            Mail copy = mail.duplicate();
            try {
                copy.setRecipients(e.getValue());
                delivery.get(e.getKey()).service(copy); // the queue keeps its own copy
            } finally {
                LifecycleUtil.dispose(copy);
            }
        }
        if (rest.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(rest);
        }
    }

    @Override
    public void destroy() {
        delivery.values().forEach(RemoteDelivery::destroy);
    }

    @Override
    public String getMailetInfo() {
        return "mxpack: RemoteDelivery to the next hop of each relay domain";
    }

    /** The init parameters of one hop's RemoteDelivery. */
    private static final class HopConfig implements MailetConfig {
        private final Map<String, String> parameters;
        private final MailetContext context;
        private final String name;

        HopConfig(Map<String, String> parameters, MailetContext context, String name) {
            this.parameters = parameters;
            this.context = context;
            this.name = name;
        }

        @Override
        public String getInitParameter(String key) {
            return parameters.get(key);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            return parameters.keySet().iterator();
        }

        @Override
        public MailetContext getMailetContext() {
            return context;
        }

        @Override
        public String getMailetName() {
            return name;
        }
    }
}
