package org.mxpack.core.doctor;

/** One thing {@code mxpack doctor} found: how bad, where, what is wrong, and how to fix it. */
public final class Finding {
    /** ERROR: mail is refused, lost or unchecked; WARN: works, but not as an admin expects; OK: checked and fine. */
    public enum Severity { ERROR, WARN, OK }

    private final Severity severity;
    private final String where;
    private final String problem;
    private final String fix;

    private Finding(Severity severity, String where, String problem, String fix) {
        this.severity = severity;
        this.where = where;
        this.problem = problem;
        this.fix = fix;
    }

    public static Finding error(String where, String problem, String fix) {
        return new Finding(Severity.ERROR, where, problem, fix);
    }

    public static Finding warn(String where, String problem, String fix) {
        return new Finding(Severity.WARN, where, problem, fix);
    }

    public static Finding ok(String where, String what) {
        return new Finding(Severity.OK, where, what, "");
    }

    public Severity severity() {
        return severity;
    }

    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }

    /** {@code ERROR conf/smtpserver.xml: problem} and, indented below, {@code fix: ...}. */
    @Override
    public String toString() {
        String head = String.format("%-5s %s: %s", severity == Severity.OK ? "ok" : severity.name(), where, problem);
        return fix.isEmpty() ? head : head + System.lineSeparator() + "      fix: " + fix;
    }
}
