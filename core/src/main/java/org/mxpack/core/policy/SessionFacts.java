package org.mxpack.core.policy;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dns.SessionDns;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.verdict.Decision;
import org.mxpack.core.verdict.DecisionLog;
import org.mxpack.core.verdict.SmtpContext;

/**
 * What mxpack knows about one SMTP connection, kept for its whole life (inside James: one
 * {@code State.Connection} attachment, so RSET, a second EHLO and STARTTLS cannot clear it).
 * Connection facts (client, HELO, DNSBL, iprev) stay; transaction facts start over at each MAIL.
 *
 * <p>Decisions are recorded here and only here ({@link #record}), which also writes the one log line.
 */
public final class SessionFacts {
    private final InetAddress client;
    private final String sessionId;
    private boolean trusted;
    private boolean allowListed;
    private String helo;
    private final Map<String, CompletableFuture<?>> lookups = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile SessionDns dns;
    private boolean used;
    private int refusedRecipients;
    private final Map<String, Decision> connectionDecisions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> connectionVerdicts = new LinkedHashMap<>();

    private String sender;
    private volatile boolean dmarcAtEndOfData;
    private int recipients;
    private final Map<String, Decision> transactionDecisions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> transactionVerdicts = new LinkedHashMap<>();
    private final Map<String, SmtpReply> heldRefusals = new LinkedHashMap<>();

    public SessionFacts(InetAddress client, String sessionId) {
        this.client = client;
        this.sessionId = sessionId == null ? "" : sessionId;
    }

    public InetAddress client() {
        return client;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Relaying allowed (authorized network) or authenticated: inbound checks do not apply. */
    public boolean trusted() {
        return trusted;
    }

    public void trusted(boolean value) {
        this.trusted = value;
    }

    /** On an allow-list: exempt from every check. */
    public boolean allowListed() {
        return allowListed;
    }

    public void allowListed(boolean value) {
        this.allowListed = value;
    }

    /** Neither trusted nor allow-listed: the inbound checks run. */
    public boolean checked() {
        return !trusted && !allowListed;
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    public void helo(String value) {
        this.helo = value;
    }

    /** True exactly once: the first time the connection's checks use these facts. */
    public boolean firstUse() {
        boolean first = !used;
        used = true;
        return first;
    }

    /** This session's DNS view over the shared resolver (answers kept for the session, per-client bound). */
    public SessionDns dns(Services services) {
        SessionDns d = dns;
        if (d == null) {
            d = new SessionDns(services.dns(), services.perClient(),
                    client == null ? "" : client.getHostAddress());
            dns = d;
        }
        return d;
    }

    /** Starts a lookup once per connection (e.g. DNSBL at connect) and returns it on every call. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> lookup(String name, java.util.function.Supplier<CompletableFuture<T>> start) {
        return (CompletableFuture<T>) lookups.computeIfAbsent(name, n -> start.get());
    }

    /** A lookup started earlier, if any. */
    @SuppressWarnings("unchecked")
    public <T> Optional<CompletableFuture<T>> startedLookup(String name) {
        return Optional.ofNullable((CompletableFuture<T>) lookups.get(name));
    }

    /** A new mail transaction (MAIL FROM): forgets the previous one's facts. */
    public void beginTransaction(String envelopeSender) {
        this.sender = envelopeSender;
        this.recipients = 0;
        transactionDecisions.clear();
        transactionVerdicts.clear();
        heldRefusals.clear();
    }

    /** The envelope sender of the current transaction ({@code ""} for the null sender). */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    /** Counts one more refused recipient of this connection (never reset: RSET does not undo guessing). */
    public int recipientRefused() {
        return ++refusedRecipients;
    }

    public int recipients() {
        return recipients;
    }

    public void recipientAccepted() {
        recipients++;
    }

    /** The context written into decisions and logs. */
    public SmtpContext context() {
        SmtpContext c = SmtpContext.empty().withIp(client == null ? null : client.getHostAddress())
                .withSession(sessionId.isEmpty() ? null : sessionId);
        if (helo != null) {
            c = c.withHelo(helo);
        }
        if (sender != null) {
            c = c.withSender(sender);
        }
        return c;
    }

    /** Records a decision for the connection (HELO-level checks) and logs it. */
    public void recordForConnection(Decision decision) {
        connectionDecisions.put(decision.check(), decision);
        DecisionLog.log(decision);
    }

    /** Records a decision for the current transaction and logs it. */
    public void recordForTransaction(Decision decision) {
        transactionDecisions.put(decision.check(), decision);
        DecisionLog.log(decision);
    }

    public Optional<Decision> connectionDecision(String check) {
        return Optional.ofNullable(connectionDecisions.get(check));
    }

    public Optional<Decision> decision(String check) {
        Decision d = transactionDecisions.get(check);
        return d != null ? Optional.of(d) : connectionDecision(check);
    }

    /** A method's verdict (its {@code toMap()}), for the mail attributes and Authentication-Results. */
    public void verdictForConnection(String method, Map<String, Object> verdict) {
        connectionVerdicts.put(method, verdict);
    }

    public void verdictForTransaction(String method, Map<String, Object> verdict) {
        transactionVerdicts.put(method, verdict);
    }

    /**
     * Marks that an end-of-DATA stage evaluating DMARC is in this session's handler chain (MessageHook
     * says so at MAIL FROM, before SenderHook): an SPF fail may then wait for it (RFC 7489 §10.1).
     * A property of the chain, so a new transaction does not clear it.
     */
    public void dmarcAtEndOfData(boolean value) {
        this.dmarcAtEndOfData = value;
    }

    public boolean dmarcAtEndOfData() {
        return dmarcAtEndOfData;
    }

    /** A refusal decided earlier but only to be given at a later stage (e.g. SPF fail held until DATA). */
    public void hold(String check, SmtpReply reply) {
        heldRefusals.put(check, reply);
    }

    public Optional<SmtpReply> held(String check) {
        return Optional.ofNullable(heldRefusals.get(check));
    }

    /** Every decision of the connection and the current transaction (transaction ones win). */
    public Map<String, Decision> decisions() {
        Map<String, Decision> out = new LinkedHashMap<>(connectionDecisions);
        out.putAll(transactionDecisions);
        return out;
    }

    /** Every method verdict of the connection and the current transaction. */
    public Map<String, Map<String, Object>> verdicts() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>(connectionVerdicts);
        out.putAll(transactionVerdicts);
        return out;
    }
}
