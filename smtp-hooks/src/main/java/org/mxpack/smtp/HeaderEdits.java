package org.mxpack.smtp;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.mxpack.core.policy.MessageOutcome;
import org.mxpack.core.spam.HeaderEdit;

/** Applies an accepted message's header changes (removals, additions, new Subject) to James's MimeMessage. */
final class HeaderEdits {
    private HeaderEdits() {
    }

    static void apply(MimeMessage message, MessageOutcome outcome) throws MessagingException {
        for (HeaderEdit e : outcome.headerEdits()) {
            if (e.kind() == HeaderEdit.Kind.REMOVE) {
                remove(message, e.name(), e.position());
            } else {
                message.addHeader(e.name(), MimeUtility.fold(e.name().length() + 2, e.value()));
            }
        }
        if (outcome.subject().isPresent()) {
            message.setSubject(outcome.subject().get(), "UTF-8");
        }
    }

    /** Index 0: every instance; n &gt; 0 the n-th; n &lt; 0 the n-th from the end (rspamd's milter semantics). */
    private static void remove(MimeMessage message, String name, long index) throws MessagingException {
        String[] values = message.getHeader(name);
        if (values == null) {
            return;
        }
        if (index == 0) {
            message.removeHeader(name);
            return;
        }
        long at = index > 0 ? index - 1 : values.length + index;
        if (at < 0 || at >= values.length) {
            return;
        }
        message.removeHeader(name);
        for (int i = 0; i < values.length; i++) {
            if (i != at) {
                message.addHeader(name, values[i]);
            }
        }
    }
}
