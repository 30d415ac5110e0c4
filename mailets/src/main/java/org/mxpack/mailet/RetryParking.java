package org.mxpack.mailet;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;
import org.mxpack.core.verdict.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a routing mailet or matcher puts a mail it cannot route now because one of James's stores
 * failed (a fault of this server, not of the mail): the whole mail, as it is at that point, goes to
 * a mail repository and stops (GHOST) — nothing is bounced, and no recipient gets it while others
 * wait. The admin re-runs it with WebAdmin ({@code PATCH /mailRepositories/<url>/mails?action=reprocess});
 * without {@code processor=} it re-enters the processor it was parked from, which the log line names.
 * James's own error handling would send it to the error processor, whose first mailet bounces it.
 */
final class RetryParking {
    /** Used when a mailet names no {@code <retryRepository>}; memory: lost on restart, see the guide. */
    static final String DEFAULT_URL = "memory://var/mail/mxpack-retry/";
    private static final Logger LOG = LoggerFactory.getLogger("org.mxpack.retry");

    private final MailRepository repository;
    private final String url;
    private final String component;

    RetryParking(MailRepository repository, String url, String component) {
        this.repository = repository;
        this.url = url;
        this.component = component;
    }

    /**
     * Selects (creating it if needed) the repository at {@code url} (default {@link #DEFAULT_URL}) at
     * start, so a bad URL stops the start with its name rather than failing when a store is down.
     */
    static RetryParking open(MailRepositoryStore store, String url, String component) throws MessagingException {
        String u = url == null || url.isBlank() ? DEFAULT_URL : url.trim();
        try {
            return new RetryParking(store.select(MailRepositoryUrl.from(u)), u, component);
        } catch (MailRepositoryStore.MailRepositoryStoreException | IllegalArgumentException e) {
            throw new MessagingException(component + ": <retryRepository> " + u + " is not a usable mail repository: "
                    + e.getMessage(), e);
        }
    }

    String url() {
        return url;
    }

    /** Stores the mail and ends its trip here; one log line names the component, the mail and the error. */
    void park(Mail mail, Exception cause) throws MessagingException {
        String processor = mail.getState();
        repository.store(mail);
        mail.setState(Mail.GHOST);
        LOG.warn("mxpack retry: {} parked mail={} processor={} repository={} error={}", component,
                LogFormat.value(mail.getName()), LogFormat.value(processor), url, LogFormat.value(cause.getMessage()));
    }
}
