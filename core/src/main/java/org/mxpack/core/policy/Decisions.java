package org.mxpack.core.policy;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;
import org.mxpack.core.verdict.Decision;

/**
 * The one place a check's outcome becomes a decision: refuse (or, in shadow/observe mode, record
 * that it would have refused), or accept; recorded on the session facts, which log it.
 */
public final class Decisions {
    private Decisions() {
    }

    /**
     * @param refusal the reply the check wants to give, or null to accept
     * @return the reply to send now (empty: accept, also in observe mode)
     */
    public static Optional<SmtpReply> conclude(SessionFacts facts, Services services, CheckSettings settings,
            Scope scope, String check, Stage stage, String result, String reason, SmtpReply refusal) {
        return conclude(facts, services, settings, scope, check, stage, result, reason, refusal, facts.context());
    }

    /** As above, with a context of its own (e.g. the RCPT TO check adds the recipient to its log line). */
    public static Optional<SmtpReply> conclude(SessionFacts facts, Services services, CheckSettings settings,
            Scope scope, String check, Stage stage, String result, String reason, SmtpReply refusal,
            org.mxpack.core.verdict.SmtpContext context) {
        Decision d = refusal == null
                ? Decision.accept(check, stage)
                : Decision.refuse(check, stage, refusal, services.shadow() || !settings.reject());
        d = d.withResult(result).withReason(reason).withContext(context);
        if (scope == Scope.CONNECTION) {
            facts.recordForConnection(d);
        } else {
            facts.recordForTransaction(d);
        }
        services.listener().decided(d);
        return d.replyToSend();
    }

    /** Runs one command's work for {@code stage}, timed for the metrics ({@code mxpack_stage_*}). */
    public static <T> T timed(Services services, org.mxpack.core.reply.Stage stage, java.util.function.Supplier<T> work) {
        Runnable done = services.listener().stageStarted(stage);
        try {
            return work.get();
        } finally {
            done.run();
        }
    }

    /** Whether a decision is for the connection or the current transaction. */
    public enum Scope { CONNECTION, TRANSACTION }

    /**
     * Waits for {@code check}'s lookup until the current command's deadline (its arrival plus the stage
     * budget, shared by every check of the command), timing the wait for the metrics; empty when it did
     * not finish in time.
     */
    public static <T> Optional<T> await(Services services, String check, CompletableFuture<T> lookup) {
        return await(services, check, lookup, services.stageDeadline());
    }

    /** As above, until {@code deadline} (a nanoTime) that the caller took at the start of its stage. */
    public static <T> Optional<T> await(Services services, String check, CompletableFuture<T> lookup, long deadline) {
        if (lookup.isDone()) {
            return await(lookup, untilDeadline(deadline)); // answered already: nothing to time
        }
        Runnable done = services.listener().waitStarted(check);
        try {
            return await(lookup, untilDeadline(deadline));
        } finally {
            done.run();
        }
    }

    /** What is left until {@code deadline} (a nanoTime), at least 1 ms so a ready answer is still taken. */
    public static java.time.Duration untilDeadline(long deadline) {
        return java.time.Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    /** Waits for a lookup at most {@code budget}; empty when it did not finish in time. */
    public static <T> Optional<T> await(CompletableFuture<T> lookup, java.time.Duration budget) {
        try {
            return Optional.ofNullable(lookup.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
