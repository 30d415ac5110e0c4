package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import org.mxpack.core.doctor.Doctor;
import org.mxpack.core.doctor.Finding;

/**
 * {@code mxpack doctor --james DIR}: checks an installed James home and prints each problem with its
 * fix. Exit 0 when there is no error (warnings allowed), 1 when there is one, 2 for usage errors.
 */
public final class DoctorCommand implements Command {
    private static final Set<String> VALUED = Set.of("james");
    private static final Set<String> FLAGS = Set.of("quiet", "help");

    @Override
    public String summary() {
        return "check an installed James home: jars, handlers, mailets, mxpack.xml, list files, DNS, logging";
    }

    @Override
    public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (o.has("help")) {
            usage(out);
            return 0;
        }
        if (!o.has("james")) {
            throw new UsageException("give --james DIR, the folder that holds James's conf/ and extensions-jars/");
        }
        Path home = Paths.get(o.get("james", "."));
        if (!Files.isDirectory(home.resolve("conf"))) {
            throw new UsageException(home + " has no conf/ folder: is it James's home?");
        }
        List<Finding> findings = Doctor.examine(home);
        int errors = 0;
        int warnings = 0;
        for (Finding f : findings) {
            if (f.severity() == Finding.Severity.ERROR) {
                errors++;
            } else if (f.severity() == Finding.Severity.WARN) {
                warnings++;
            } else if (o.has("quiet")) {
                continue;
            }
            out.println(f);
        }
        out.println("mxpack doctor: " + home.toAbsolutePath().normalize() + ": " + errors + (errors == 1 ? " error, " : " errors, ")
                + warnings + (warnings == 1 ? " warning" : " warnings"));
        return errors == 0 ? 0 : 1;
    }

    private static void usage(PrintStream out) {
        out.println("usage: mxpack doctor --james DIR [--quiet]");
        out.println();
        out.println("Checks the James 3.8.1 home DIR (its conf/ and extensions-jars/) for what mxpack needs and");
        out.println("prints each problem with its fix: mxpack's jars (and no duplicates of James's own libraries);");
        out.println("its handlers on the MX listener, in order, before CoreCmdHandlerLoader, enableJmx=\"false\",");
        out.println("no ValidRcptHandler; authorizedAddresses that exempt your own tests; mxpack.xml, the handler");
        out.println("sections and every list file read strictly as James reads them; each <dns><server> answers;");
        out.println("the mailetcontainer.xml parts the configuration needs; logback.xml shows mxpack's decisions.");
        out.println("  --quiet   print only problems");
        out.println("Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.");
    }
}
