package org.mxpack.core.policy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.dnsbl.DnsblChecker;
import org.mxpack.core.dnsbl.DnsblResult;
import org.mxpack.core.dnsbl.DnsblVerdict;
import org.mxpack.core.dnsbl.DnsblZone;
import org.mxpack.core.helo.HeloName;
import org.mxpack.core.helo.HeloProblem;
import org.mxpack.core.iprev.IprevChecker;
import org.mxpack.core.iprev.IprevResult;
import org.mxpack.core.iprev.IprevVerdict;
import org.mxpack.core.lists.HostList;
import org.mxpack.core.lists.ListMatch;
import org.mxpack.core.lists.ReloadingList;
import org.mxpack.core.policy.Decisions.Scope;
import org.mxpack.core.reply.Reason;
import org.mxpack.core.reply.ReplyTable;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;

/**
 * Checks about the connecting client, decided at connect/HELO and enforced for the whole
 * connection: allow-list, block list, HELO syntax and forgery, DNSBL (looked up at connect,
 * refused at the stage the admin picks), iprev, and whether the HELO name resolves to the client.
 */
public final class ClientPolicy {
    public static final String BLOCK_LIST = "helo-list";
    public static final String HELO = "helo";
    public static final String HELO_DNS = "helo-dns";
    public static final String DNSBL = "dnsbl";
    public static final String IPREV = "iprev";
    public static final int DEFAULT_COMMAND_THREADS = 256;

    private final Services services;
    private final ReloadingList<HostList> allow;
    private final ReloadingList<HostList> block;
    private final CheckSettings blockSettings;
    private final CheckSettings heloSettings;
    private final CheckSettings heloDnsSettings;
    private final DnsblChecker dnsbl;
    private final CheckSettings dnsblSettings;
    private final Stage dnsblRejectAt;
    private final IprevChecker iprev;
    private final CheckSettings iprevSettings;
    private final int commandThreads;

    private ClientPolicy(Services services, ConfigSource config, FileResolver files) {
        this.services = services;
        Knobs k = new Knobs(config);
        this.allow = hostList(config, files, "allow", "allowFile");
        this.block = hostList(config, files, "block", "blockFile");
        this.blockSettings = CheckSettings.readWithoutDns(k, "blockList", CheckSettings.of(true, true, OnDnsFailure.ACCEPT));
        this.heloSettings = CheckSettings.readWithoutDns(k, "helo", CheckSettings.of(true, true, OnDnsFailure.ACCEPT));
        this.heloDnsSettings = CheckSettings.read(k, "heloDns", CheckSettings.of(true, false, OnDnsFailure.ACCEPT));
        List<DnsblZone> zones = new ArrayList<>();
        for (String spec : config.values("dnsbl.zone")) {
            try {
                zones.add(DnsblZone.parse(spec));
            } catch (IllegalArgumentException e) {
                throw ConfigException.bad(config, "dnsbl.zone", spec, e.getMessage());
            }
        }
        this.dnsblSettings = CheckSettings.read(k, "dnsbl", CheckSettings.of(!zones.isEmpty(), true, OnDnsFailure.ACCEPT));
        int threshold = k.integer("dnsbl.threshold", 1, 1, 1000);
        boolean txt = k.bool("dnsbl.txt", true);
        this.dnsbl = zones.isEmpty() ? null : new DnsblChecker(services.dns(), zones, threshold, txt);
        this.dnsblRejectAt = k.choice("dnsbl.rejectAt", Stage.class, Stage.RCPT);
        if (dnsblRejectAt == Stage.DATA || dnsblRejectAt == Stage.CONNECT) {
            throw ConfigException.bad(config, "dnsbl.rejectAt", Knobs.name(dnsblRejectAt), "expected helo, mail or rcpt");
        }
        this.iprevSettings = CheckSettings.read(k, "iprev", CheckSettings.of(true, false, OnDnsFailure.ACCEPT));
        this.iprev = new IprevChecker(services.dns());
        this.commandThreads = k.integer("commandThreads", DEFAULT_COMMAND_THREADS, 0, 100_000);
    }

    /**
     * {@code <commandThreads>}: most SMTP commands in progress at once in James (a command waiting for
     * DNS holds one thread); 0 runs the hooks on James's IO threads. Read here, used by ClientHook.
     */
    public int commandThreads() {
        return commandThreads;
    }

    public static ClientPolicy read(Services services, ConfigSource config, FileResolver files) {
        return new ClientPolicy(services, config, files);
    }

    private static ReloadingList<HostList> hostList(ConfigSource config, FileResolver files, String inline,
            String file) {
        return ListKnobs.read(config, files, inline, file, HostList::parse, HostList::read, HostList::plus);
    }

    /** At connect: allow-list, then start the lookups that later stages will need. */
    public void onConnect(SessionFacts facts) {
        if (allow.get().matchClient(facts.client()).isPresent()) {
            facts.allowListed(true);
        }
        if (!facts.checked()) {
            return;
        }
        if (dnsblSettings.enabled()) {
            facts.lookup(DNSBL, () -> dnsbl.withDns(facts.dns(services)).check(facts.client()));
        }
        if (iprevSettings.enabled()) {
            facts.lookup(IPREV, () -> iprev.withDns(facts.dns(services)).check(facts.client()));
        }
    }

    public Optional<SmtpReply> onHelo(SessionFacts facts, String helo, List<InetAddress> ourAddresses) {
        return Decisions.timed(services, Stage.HELO, () -> onHeloNow(facts, helo, ourAddresses));
    }

    private Optional<SmtpReply> onHeloNow(SessionFacts facts, String helo, List<InetAddress> ourAddresses) {
        Optional<SmtpReply> sticky = stickyRefusal(facts);
        if (sticky.isPresent()) {
            return sticky;
        }
        facts.helo(helo);
        allowByConfirmedName(facts);
        if (!facts.checked()) {
            return Optional.empty();
        }
        Optional<SmtpReply> refusal = blockList(facts, helo);
        if (refusal.isEmpty()) {
            refusal = heloSyntax(facts, helo, ourAddresses);
        }
        if (refusal.isEmpty() && heloDnsSettings.enabled() && HeloName.isDomain(helo.toLowerCase(Locale.ROOT))) {
            facts.lookup(HELO_DNS, () -> HeloDns.check(facts.dns(services), helo, facts.client()));
            if (heloDnsSettings.reject()) {
                refusal = heloDns(facts, Stage.HELO);
            }
        }
        if (refusal.isEmpty() && iprevSettings.enabled() && iprevSettings.reject()) {
            refusal = iprev(facts, Stage.HELO);
        }
        if (refusal.isEmpty() && dnsblRejectAt == Stage.HELO) {
            refusal = dnsbl(facts, Stage.HELO);
        }
        return refusal;
    }

    /**
     * Name rules of the allow-list match the client's forward-confirmed reverse name (iprev pass),
     * never the HELO argument, which the client chooses. Address rules were matched at connect.
     */
    private void allowByConfirmedName(SessionFacts facts) {
        if (!facts.checked() || !allow.get().hasNameRules()) {
            return;
        }
        CompletableFuture<IprevVerdict> lookup = facts.lookup(IPREV,
                () -> iprev.withDns(facts.dns(services)).check(facts.client()));
        Optional<IprevVerdict> v = Decisions.await(services, IPREV, lookup);
        if (v.isPresent() && v.get().result() == IprevResult.PASS
                && allow.get().matchConfirmedName(v.get().name()).isPresent()) {
            facts.allowListed(true);
        }
    }

    public Optional<SmtpReply> onMail(SessionFacts facts) {
        return enforce(facts, Stage.MAIL);
    }

    public Optional<SmtpReply> onRcpt(SessionFacts facts) {
        return enforce(facts, Stage.RCPT);
    }

    private Optional<SmtpReply> enforce(SessionFacts facts, Stage stage) {
        if (!facts.checked()) {
            return Optional.empty();
        }
        Optional<SmtpReply> sticky = stickyRefusal(facts);
        if (sticky.isPresent() || dnsblRejectAt != stage) {
            return sticky;
        }
        return dnsbl(facts, stage);
    }

    /**
     * Before the mail is handed over: records the evidence that was only observed (iprev, HELO DNS,
     * DNSBL when not enforced yet) so it lands on the mail and in Authentication-Results.
     */
    public void finish(SessionFacts facts) {
        if (!facts.checked()) {
            return;
        }
        if (facts.connectionDecision(IPREV).isEmpty() && iprevSettings.enabled()) {
            iprev(facts, Stage.DATA);
        }
        if (facts.connectionDecision(HELO_DNS).isEmpty() && facts.startedLookup(HELO_DNS).isPresent()) {
            heloDns(facts, Stage.DATA);
        }
        if (facts.connectionDecision(DNSBL).isEmpty() && dnsblSettings.enabled()) {
            dnsbl(facts, Stage.DATA);
        }
    }

    /** A refusal given at HELO (or a DNSBL refusal) stays for every later command of the connection. */
    private static Optional<SmtpReply> stickyRefusal(SessionFacts facts) {
        for (String check : List.of(BLOCK_LIST, HELO, HELO_DNS, IPREV, DNSBL)) {
            Optional<SmtpReply> r = facts.connectionDecision(check).flatMap(d -> d.replyToSend());
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private Optional<SmtpReply> blockList(SessionFacts facts, String helo) {
        if (!blockSettings.enabled() || block.get().size() == 0) {
            return Optional.empty();
        }
        Optional<ListMatch> match = block.get().match(helo, facts.client());
        if (match.isEmpty()) {
            return Decisions.conclude(facts, services, blockSettings, Scope.CONNECTION, BLOCK_LIST, Stage.HELO,
                    "pass", "not listed", null);
        }
        return Decisions.conclude(facts, services, blockSettings, Scope.CONNECTION, BLOCK_LIST, Stage.HELO,
                "listed", match.get().toString(), ReplyTable.reply(Stage.HELO, Reason.CLIENT_BLOCKED, match.get().describe()));
    }

    private Optional<SmtpReply> heloSyntax(SessionFacts facts, String helo, List<InetAddress> ourAddresses) {
        if (!heloSettings.enabled()) {
            return Optional.empty();
        }
        Optional<HeloProblem> problem = HeloName.judge(helo, facts.client(), services.hostName(), ourAddresses);
        if (problem.isEmpty()) {
            return Decisions.conclude(facts, services, heloSettings, Scope.CONNECTION, HELO, Stage.HELO,
                    "pass", "", null);
        }
        SmtpReply reply;
        String result = problem.get().name().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (problem.get()) {
            case SYNTAX:
                reply = ReplyTable.reply(Stage.HELO, Reason.HELO_SYNTAX, "invalid HELO/EHLO argument " + helo);
                break;
            case BARE_IP:
                reply = ReplyTable.reply(Stage.HELO, Reason.HELO_SYNTAX,
                        "an address must be written as a literal [" + helo.trim() + "]");
                break;
            case OUR_NAME:
                reply = ReplyTable.reply(Stage.HELO, Reason.HELO_FORGED, helo + " is our own name or address");
                break;
            default:
                reply = ReplyTable.reply(Stage.HELO, Reason.HELO_FORGED,
                        "address literal " + helo + " is not the client address " + facts.client().getHostAddress());
                break;
        }
        return Decisions.conclude(facts, services, heloSettings, Scope.CONNECTION, HELO, Stage.HELO,
                result, reply.text(), reply);
    }

    private Optional<SmtpReply> heloDns(SessionFacts facts, Stage stage) {
        CompletableFuture<HeloDns.Result> lookup = facts.<HeloDns.Result>startedLookup(HELO_DNS).orElse(null);
        if (lookup == null) {
            return Optional.empty();
        }
        Optional<HeloDns.Result> result = Decisions.await(services, HELO_DNS, lookup);
        HeloDns.Result r = result.orElse(HeloDns.Result.TEMPERROR);
        String helo = facts.helo().orElse("");
        SmtpReply refusal = null;
        if (r == HeloDns.Result.FAIL || r == HeloDns.Result.NONE) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.HELO_FORGED,
                    helo + " does not resolve to " + facts.client().getHostAddress());
        } else if (r == HeloDns.Result.TEMPERROR && heloDnsSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.DNS_TIMEOUT, "looking up " + helo);
        }
        return Decisions.conclude(facts, services, heloDnsSettings, Scope.CONNECTION, HELO_DNS, stage,
                r.name().toLowerCase(Locale.ROOT), "", stage == Stage.DATA ? null : refusal);
    }

    private Optional<SmtpReply> iprev(SessionFacts facts, Stage stage) {
        CompletableFuture<IprevVerdict> lookup = facts.lookup(IPREV, () -> iprev.withDns(facts.dns(services)).check(facts.client()));
        Optional<IprevVerdict> verdict = Decisions.await(services, IPREV, lookup);
        IprevVerdict v = verdict.orElse(IprevVerdict.of(facts.client().getHostAddress(), IprevResult.TEMPERROR,
                List.of(), "no answer within " + budget().toMillis() + " ms"));
        facts.verdictForConnection(IPREV, v.toMap());
        SmtpReply refusal = null;
        if (v.result() == IprevResult.FAIL || v.result() == IprevResult.PERMERROR) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.IPREV_FAIL, facts.client().getHostAddress() + ": " + v.reason());
        } else if (v.result() == IprevResult.TEMPERROR && iprevSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.IPREV_TEMPERROR, facts.client().getHostAddress());
        }
        return Decisions.conclude(facts, services, iprevSettings, Scope.CONNECTION, IPREV, stage,
                v.result().name().toLowerCase(Locale.ROOT), v.reason(), stage == Stage.DATA ? null : refusal);
    }

    private Optional<SmtpReply> dnsbl(SessionFacts facts, Stage stage) {
        if (!dnsblSettings.enabled()) {
            return Optional.empty();
        }
        CompletableFuture<DnsblVerdict> lookup = facts.lookup(DNSBL, () -> dnsbl.withDns(facts.dns(services)).check(facts.client()));
        Optional<DnsblVerdict> verdict = Decisions.await(services, DNSBL, lookup);
        String ip = facts.client().getHostAddress();
        if (verdict.isEmpty()) {
            SmtpReply temp = dnsblSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL
                    ? ReplyTable.reply(replyStage(stage), Reason.DNS_TIMEOUT, "DNS block lists did not answer for " + ip)
                    : null;
            return Decisions.conclude(facts, services, dnsblSettings, Scope.CONNECTION, DNSBL, stage,
                    "temperror", "no answer within " + budget().toMillis() + " ms", stage == Stage.DATA ? null : temp);
        }
        DnsblVerdict v = verdict.get();
        facts.verdictForConnection(DNSBL, v.toMap());
        SmtpReply refusal = null;
        if (v.result() == DnsblResult.LISTED) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.DNSBL_LISTED, ip + " is " + v.reason());
        } else if (v.result() == DnsblResult.TEMPERROR && dnsblSettings.onDnsFailure() == OnDnsFailure.TEMPFAIL) {
            refusal = ReplyTable.reply(replyStage(stage), Reason.DNS_TIMEOUT, "DNS block lists did not answer for " + ip);
        }
        return Decisions.conclude(facts, services, dnsblSettings, Scope.CONNECTION, DNSBL, stage,
                v.result().keyword(), v.reason(), stage == Stage.DATA ? null : refusal);
    }

    /** Evidence recorded at end of DATA is never a refusal; the reply stage is only for wording. */
    private static Stage replyStage(Stage stage) {
        return stage == Stage.DATA ? Stage.RCPT : stage;
    }

    private Duration budget() {
        return services.stageBudget();
    }
}
