package org.mxpack.core.spf;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.mxpack.core.dns.DeadlineDns;
import org.mxpack.core.dns.Dns;

/**
 * The SPF checker the SMTP hooks call: RFC 7208 {@code check_host()} for the MAIL FROM and HELO
 * identities, over the pack's one {@link Dns} port.
 *
 * <p>Our own evaluator, not jspf 1.0.3: jspf implements RFC 4408 (it queries the obsolete SPF RR type,
 * has no void-lookup limit, reports results by throwing exceptions and compares them as strings) and its default
 * asynchronous executor drops follow-up lookups. Fixing all of that around it would leave little of it in
 * use, so no jspf class is used here (see package-info).
 *
 * <p>Threading: evaluation never blocks. Each DNS answer continues it on the thread that delivered the
 * answer, so a thousand evaluations waiting for slow zones hold no thread. A whole evaluation gets at
 * most {@link #MAX_EVALUATION_TIME} (RFC 7208 §4.6.4), then it is a temperror. The returned futures never
 * complete exceptionally: every failure is a verdict. Immutable and thread-safe; share one instance, or a
 * copy {@link #withDns bound to a session's DNS view}.
 */
public final class SpfChecker {
    /** A macro string (RFC 7208 §6.2), used for fail results whose record has no usable exp=. */
    public static final String DEFAULT_EXPLANATION = "%{o} does not designate %{c} as a permitted sender";
    public static final String DEFAULT_RECEIVER = "unknown";
    /** RFC 7208 §4.6.4: an evaluation that takes longer "SHOULD" end as a temperror; 20 s at most. */
    public static final Duration MAX_EVALUATION_TIME = Duration.ofSeconds(20);

    private final Dns dns;
    private final String receiver;
    private final String defaultExplanation;
    private final Clock clock;

    public SpfChecker(Dns dns) {
        this(dns, DEFAULT_RECEIVER, DEFAULT_EXPLANATION, Clock.systemUTC());
    }

    private SpfChecker(Dns dns, String receiver, String defaultExplanation, Clock clock) {
        this.dns = Objects.requireNonNull(dns);
        this.receiver = Objects.requireNonNull(receiver);
        this.defaultExplanation = Objects.requireNonNull(defaultExplanation);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The same checker over another DNS view (a session's, with its memo and limits). */
    public SpfChecker withDns(Dns value) {
        return new SpfChecker(value, receiver, defaultExplanation, clock);
    }

    /** Our host name: {@code %{r}} and Received-SPF {@code receiver=}. */
    public SpfChecker withReceiver(String value) {
        return new SpfChecker(dns, value, defaultExplanation, clock);
    }

    /** The explanation (a macro string) for a fail without a usable exp=. */
    public SpfChecker withDefaultExplanation(String value) {
        return new SpfChecker(dns, receiver, value, clock);
    }

    /** The clock behind {@code %{t}}. */
    public SpfChecker withClock(Clock value) {
        return new SpfChecker(dns, receiver, defaultExplanation, value);
    }

    public String receiver() {
        return receiver;
    }

    /**
     * Checks the MAIL FROM identity. {@code mailFrom} "" (or null) is the null sender: then
     * {@code postmaster@<helo>} is checked (RFC 7208 §2.4), still as identity MAILFROM.
     */
    public CompletableFuture<SpfVerdict> checkMailFrom(InetAddress ip, String helo, String mailFrom) {
        String h = helo == null ? "" : helo.trim();
        String from = stripBrackets(mailFrom);
        if (from.isEmpty()) {
            return evaluate(ip, h, SpfIdentity.MAILFROM, "", "postmaster@" + h, h);
        }
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? from : from.substring(at + 1);
        String local = at < 0 ? "" : from.substring(0, at);
        return evaluate(ip, h, SpfIdentity.MAILFROM, from, (local.isEmpty() ? "postmaster" : local) + "@" + domain,
                domain);
    }

    /** Checks the HELO identity ({@code postmaster@<helo>}, RFC 7208 §2.3). */
    public CompletableFuture<SpfVerdict> checkHelo(InetAddress ip, String helo) {
        String h = helo == null ? "" : helo.trim();
        return evaluate(ip, h, SpfIdentity.HELO, "", "postmaster@" + h, h);
    }

    /** Blocking form of {@link #checkMailFrom}, for callers with nothing else to do (CLI, mailets). */
    public SpfVerdict checkMailFromNow(InetAddress ip, String helo, String mailFrom) {
        return checkMailFrom(ip, helo, mailFrom).join();
    }

    /** Blocking form of {@link #checkHelo}. */
    public SpfVerdict checkHeloNow(InetAddress ip, String helo) {
        return checkHelo(ip, helo).join();
    }

    /**
     * Parses a client address literal (IPv4 dotted quad or IPv6) without any DNS lookup.
     *
     * @throws IllegalArgumentException when {@code text} is not an address literal
     */
    public static InetAddress parseAddress(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.regionMatches(true, 0, "IPv6:", 0, 5)) {
            t = t.substring(5);
        }
        Ip ip = Ip.parseAny(t);
        if (ip == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        try {
            // the literal rides along as the host name (never looked up), so that %{i} of an IPv6
            // client keeps the letter case it was written in (RFC 7208 test suite, v-macro-ip6)
            return InetAddress.getByAddress(t, ip.bytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    private static String stripBrackets(String mailFrom) {
        String s = mailFrom == null ? "" : mailFrom.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }

    private CompletableFuture<SpfVerdict> evaluate(InetAddress address, String helo, SpfIdentity identity,
            String envelopeFrom, String sender, String domain) {
        String ipText = address == null ? "" : Ip.of(address).text();
        if (address == null) {
            return CompletableFuture.completedFuture(SpfVerdict.of(SpfResult.PERMERROR, identity, domain, ipText, helo,
                    envelopeFrom, "", "", "no client address"));
        }
        CompletableFuture<SpfEvaluator.Outcome> run;
        try {
            Dns bounded = new DeadlineDns(dns, System.nanoTime() + MAX_EVALUATION_TIME.toNanos(),
                    "the SPF evaluation limit of " + MAX_EVALUATION_TIME.getSeconds() + "s");
            run = new SpfEvaluator(bounded, Ip.of(address), sender, helo, receiver, clock.millis() / 1000,
                    defaultExplanation).run(domain);
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.handle((o, error) -> {
            if (error == null) {
                return SpfVerdict.of(o.result, identity, domain, ipText, helo, envelopeFrom, o.mechanism,
                        o.result == SpfResult.FAIL ? o.explanation : "", "");
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof SpfError) {
                SpfError e = (SpfError) cause;
                return SpfVerdict.of(e.result(), identity, domain, ipText, helo, envelopeFrom, "", "", e.problem());
            }
            // A bug must not take the SMTP session down; temperror makes the client retry later.
            return SpfVerdict.of(SpfResult.TEMPERROR, identity, domain, ipText, helo, envelopeFrom, "", "",
                    "internal error: " + cause);
        });
    }
}
