package org.mxpack.core.policy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dmarc.AuthenticatedDomain;
import org.mxpack.core.dmarc.AuthorDomains;
import org.mxpack.core.dmarc.DmarcEvaluator;
import org.mxpack.core.dmarc.DmarcVerdict;
import org.mxpack.core.dmarc.OrganizationalDomains;
import org.mxpack.core.iprev.IprevChecker;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.iprev.IprevVerdict;
import org.mxpack.core.message.MessageSource;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;

/**
 * Computes the authentication verdicts an accepted message lacks (pack used without the hooks, mail
 * from another entry point, a hook that did not run): iprev and SPF from the client address, HELO and
 * envelope sender, DKIM from the message, DMARC from those and the From header. Recorded verdicts are
 * kept as they are. Blocking (it runs in a mailet, off the SMTP threads): iprev, both SPF checks and DKIM
 * run at once, then DMARC, all within one stage budget; what does not finish in time is a temperror.
 */
public final class MissingVerdicts {
    private final Duration budget;
    private final IprevChecker iprev;
    private final SpfChecker spf;
    private final DkimVerifier dkim;
    private final DmarcEvaluator dmarc;
    private final OrganizationalDomains orgs = OrganizationalDomains.guava();

    public MissingVerdicts(Services services) {
        this.budget = services.stageBudget();
        this.iprev = new IprevChecker(services.dns());
        this.spf = new SpfChecker(services.dns()).withReceiver(services.hostName());
        this.dkim = new DkimVerifier(services.dns(), DkimPolicy.defaults(), services.workers());
        this.dmarc = new DmarcEvaluator(services.dns(), orgs);
    }

    /** What the message itself tells; every field may be unknown (null). */
    public static final class Message {
        final InetAddress client;
        final String helo;
        final String mailFrom;
        final MessageSource raw;
        final List<String> fromHeaders;

        /**
         * @param client      the SMTP client's address, null when unknown (then no iprev nor SPF)
         * @param helo        the HELO/EHLO argument, or null
         * @param mailFrom    the envelope sender, {@code ""} for the null sender, null when unknown
         * @param raw         the message as sent (read only when DKIM must be verified)
         * @param fromHeaders the raw values of the From header fields
         */
        public Message(InetAddress client, String helo, String mailFrom, MessageSource raw,
                List<String> fromHeaders) {
            this.client = client;
            this.helo = helo == null ? null : helo.trim();
            this.mailFrom = mailFrom;
            this.raw = Objects.requireNonNull(raw);
            this.fromHeaders = List.copyOf(fromHeaders);
        }
    }

    /** The completed verdicts and the maps of those computed here (method name to {@code toMap()}). */
    public static final class Completed {
        private final MailVerdicts verdicts;
        private final Map<String, Map<String, Object>> computed;

        Completed(MailVerdicts verdicts, Map<String, Map<String, Object>> computed) {
            this.verdicts = verdicts;
            this.computed = computed;
        }

        public MailVerdicts verdicts() {
            return verdicts;
        }

        /** Only the verdicts computed here, to record on the mail for matchers further down. */
        public Map<String, Map<String, Object>> computed() {
            return computed;
        }
    }

    public Completed complete(MailVerdicts recorded, Message m) {
        long deadline = System.nanoTime() + budget.toNanos();
        Map<String, Map<String, Object>> computed = new LinkedHashMap<>();
        String ip = m.client == null ? "" : m.client.getHostAddress();
        CompletableFuture<IprevVerdict> iprevF = recorded.iprev().isPresent() || m.client == null ? null
                : iprev.check(m.client);
        CompletableFuture<SpfVerdict> spfF = recorded.spf().isPresent() || m.client == null || m.mailFrom == null
                ? null : spf.checkMailFrom(m.client, m.helo, m.mailFrom);
        CompletableFuture<SpfVerdict> heloF = recorded.spfHelo().isPresent() || m.client == null
                || !isHeloDomain(m.helo) ? null : spf.checkHelo(m.client, m.helo);
        CompletableFuture<DkimVerdict> dkimF = recorded.dkim().isPresent() ? null : verifyDkim(m.raw);

        MailVerdicts v = recorded;
        if (iprevF != null) {
            v = v.withIprev(await(iprevF, deadline, () -> IprevVerdict.of(ip, IprevResult.TEMPERROR, List.of(),
                    late("reverse DNS"))));
            computed.put(MailVerdicts.IPREV, v.iprev().get().toMap());
        }
        if (spfF != null) {
            String domain = m.mailFrom.isEmpty() ? nz(m.helo) : m.mailFrom.substring(m.mailFrom.lastIndexOf('@') + 1);
            v = v.withSpf(await(spfF, deadline, () -> SpfVerdict.of(SpfResult.TEMPERROR, SpfIdentity.MAILFROM,
                    domain, ip, nz(m.helo), m.mailFrom, "", "", late("SPF"))));
            computed.put(MailVerdicts.SPF, v.spf().get().toMap());
        }
        if (heloF != null) {
            v = v.withSpfHelo(await(heloF, deadline, () -> SpfVerdict.of(SpfResult.TEMPERROR, SpfIdentity.HELO,
                    m.helo, ip, m.helo, "", "", "", late("SPF"))));
            computed.put(MailVerdicts.SPF_HELO, v.spfHelo().get().toMap());
        }
        if (dkimF != null) {
            v = v.withDkim(await(dkimF, deadline, () -> DkimVerdict.unverifiable(late("DKIM verification"))));
            computed.put(MailVerdicts.DKIM, v.dkim().get().toMap());
        }
        if (recorded.dmarc().isEmpty()) {
            v = v.withDmarc(dmarc(v, m.fromHeaders, deadline));
            computed.put(MailVerdicts.DMARC, v.dmarc().get().toMap());
        }
        return new Completed(v, computed);
    }

    private DmarcVerdict dmarc(MailVerdicts v, List<String> fromHeaders, long deadline) {
        // the one From parser of the pack reads header fields, so give it the fields the mailet found
        StringBuilder fields = new StringBuilder();
        for (String value : fromHeaders) {
            fields.append("From: ").append(value).append("\r\n");
        }
        List<String> authors = AuthorDomains.parse(fields.append("\r\n").toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).domains();
        if (authors.size() != 1) {
            String shown = String.join(",", authors);
            return DmarcVerdict.permerror(shown, shown, authors.isEmpty() ? "no author domain in From"
                    : "several author domains in From: " + shown);
        }
        String from = authors.get(0);
        List<AuthenticatedDomain> spfIds = new ArrayList<>();
        // RFC 7489 §4.1: the MAIL FROM domain (the HELO name for the null sender, as the SPF check did).
        v.spf().ifPresent(s -> spfIds.add(AuthenticatedDomain.of(s.domain(), s.result() == SpfResult.PASS)));
        List<AuthenticatedDomain> dkimIds = new ArrayList<>();
        for (DkimSignatureVerdict s : v.dkim().map(DkimVerdict::signatures).orElse(List.of())) {
            dkimIds.add(AuthenticatedDomain.of(s.domain(), s.isPass()));
        }
        return await(dmarc.evaluate(from, spfIds, dkimIds), deadline,
                () -> DmarcVerdict.temperror(from, orgs.organizationalDomain(from), late("DMARC policy lookup")));
    }

    private CompletableFuture<DkimVerdict> verifyDkim(MessageSource raw) {
        return dkim.verify(raw); // streams the message; a read failure is an unverifiable verdict
    }

    /** RFC 7208 §2.3: the HELO identity is checked only when it is a domain name (not an address literal). */
    private static boolean isHeloDomain(String helo) {
        return helo != null && helo.indexOf('.') > 0 && !helo.startsWith("[") && helo.indexOf(':') < 0
                && !helo.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static <T> T await(CompletableFuture<T> f, long deadline, Supplier<T> onTimeout) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return Decisions.await(f, left).orElseGet(onTimeout);
    }

    private String late(String what) {
        return what + " did not finish within " + budget.toMillis() + " ms";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
