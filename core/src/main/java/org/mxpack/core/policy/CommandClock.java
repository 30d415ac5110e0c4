package org.mxpack.core.policy;

/**
 * When the SMTP command being answered on this thread arrived. The stage budget counts from there, so
 * every check of one command shares one deadline, and time the command spent queued counts too.
 * Whoever dispatches commands (mxpack's command threads inside James) sets it around each command;
 * where nobody does, each wait starts its own budget from now.
 */
public final class CommandClock {
    private static final ThreadLocal<Long> RECEIVED = new ThreadLocal<>();

    private CommandClock() {
    }

    /** Marks the command being run on this thread as received at {@code nanoTime}. */
    public static void received(long nanoTime) {
        RECEIVED.set(nanoTime);
    }

    public static void clear() {
        RECEIVED.remove();
    }

    /** The {@link System#nanoTime()} by which the current command must be answered. */
    public static long deadline(java.time.Duration budget) {
        Long at = RECEIVED.get();
        return (at != null ? at : System.nanoTime()) + budget.toNanos();
    }
}
