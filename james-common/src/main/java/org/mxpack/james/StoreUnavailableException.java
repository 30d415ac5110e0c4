package org.mxpack.james;

/**
 * One of James's stores (DomainList, UsersRepository, RecipientRewriteTable) failed to answer: a fault
 * of this server, usually transient, never of the mail. Callers park the mail for a retry rather than
 * bouncing it or delivering it to part of its recipients.
 */
public final class StoreUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
