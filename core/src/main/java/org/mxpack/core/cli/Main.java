package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the offline {@code mxpack} verbs (the launcher script handles {@code demo}).
 * Verbs are looked up by class name so that each lives in its own file.
 */
public final class Main {
    private static final Map<String, String> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("spf", "org.mxpack.core.cli.SpfCommand");
        VERBS.put("dkim", "org.mxpack.core.cli.DkimCommand");
        VERBS.put("arc", "org.mxpack.core.cli.ArcCommand");
        VERBS.put("arc-seal", "org.mxpack.core.cli.ArcSealCommand");
        VERBS.put("dmarc", "org.mxpack.core.cli.DmarcCommand");
        VERBS.put("dnsbl", "org.mxpack.core.cli.DnsblCommand");
        VERBS.put("iprev", "org.mxpack.core.cli.IprevCommand");
        VERBS.put("check", "org.mxpack.core.cli.CheckCommand");
        VERBS.put("srs", "org.mxpack.core.cli.SrsCommand");
        VERBS.put("doctor", "org.mxpack.core.cli.DoctorCommand");
    }

    private Main() {
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.exit(run(Arrays.asList(argv), out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            printHelp(out);
            return argv.isEmpty() ? 2 : 0;
        }
        Command command = load(argv.get(0));
        if (command == null) {
            err.println("mxpack: unknown verb '" + argv.get(0) + "' (see mxpack --help)");
            return 2;
        }
        try {
            if (command instanceof StreamCommand) {
                return ((StreamCommand) command).run(new ArrayList<>(argv.subList(1, argv.size())), System.in, out, err);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return command.run(new ArrayList<>(argv.subList(1, argv.size())), in, out, err);
        } catch (UsageException e) {
            err.println("mxpack " + argv.get(0) + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("mxpack " + argv.get(0) + ": " + e);
            return 3;
        }
    }

    /** The verbs that exist in this build, with their summaries. */
    static Map<String, Command> available() {
        Map<String, Command> out = new LinkedHashMap<>();
        for (String verb : VERBS.keySet()) {
            Command c = load(verb);
            if (c != null) {
                out.put(verb, c);
            }
        }
        return out;
    }

    private static Command load(String verb) {
        String cls = VERBS.get(verb);
        if (cls == null) {
            return null;
        }
        try {
            return (Command) Class.forName(cls).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static void printHelp(PrintStream out) {
        out.println("usage: mxpack VERB [options]");
        out.println();
        if (System.getenv("MXPACK_NO_DEMO") == null) { // set by bin/mxpack of the zip
            out.println("  demo       start a real James 3.8.1 with mxpack, a loopback DNS server and demo routes");
        }
        for (Map.Entry<String, Command> e : available().entrySet()) {
            out.printf("  %-10s %s%n", e.getKey(), e.getValue().summary());
        }
        out.println();
        out.println("'mxpack VERB --help' describes a verb's options.");
    }
}
