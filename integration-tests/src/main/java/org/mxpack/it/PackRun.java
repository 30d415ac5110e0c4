package org.mxpack.it;

import java.util.function.UnaryOperator;

import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpSink;

/**
 * What most end-to-end tests run: a loopback DNS server with the test's zone, an SMTP sink as the next
 * hop, and a James 3.8.1 with the pack from the zip ({@link Pack#james()}) that delivers to the sink
 * and has the local user {@code bob@example.test}. Started together, stopped together.
 */
public final class PackRun implements AutoCloseable {
    public static final String USER = "bob@example.test";

    private final SmtpSink sink;
    private final LoopbackDnsServer dns;
    private JamesProcess james;

    private PackRun(SmtpSink sink, LoopbackDnsServer dns) {
        this.sink = sink;
        this.dns = dns;
    }

    /**
     * @param zone  zone file text for {@code example.test.} (names relative to it, or absolute with a dot)
     * @param james the test's own settings on top of the pack's (conf edits, files)
     */
    public static PackRun start(String zone, UnaryOperator<JamesProcess.Builder> james) throws Exception {
        PackRun run = new PackRun(SmtpSink.start(), LoopbackDnsServer.start());
        try {
            run.dns.loadZone(zone, "example.test.");
            run.james = james.apply(Pack.james()
                    .dns(run.dns.address())
                    .confFile("mailetcontainer.xml", Pack.sinkPipeline())
                    .token("SINK_PORT", Integer.toString(run.sink.port())))
                    .start();
            run.james.addUser(USER, "secret");
            return run;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    public JamesProcess james() {
        return james;
    }

    public LoopbackDnsServer dns() {
        return dns;
    }

    public SmtpSink sink() {
        return sink;
    }

    @Override
    public void close() {
        if (james != null) {
            james.close();
        }
        dns.close();
        sink.close();
    }
}
