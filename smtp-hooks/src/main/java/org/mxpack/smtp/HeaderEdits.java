package org.mxpack.smtp;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.mxpack.core.policy.MessageOutcome;
import org.mxpack.core.spam.HeaderEdit;
import org.mxpack.core.text.HeaderFolding;

/** Applies an accepted message's header changes (removals, additions, new Subject) to James's MimeMessage. */
final class HeaderEdits {
    private static final String SUBJECT = "Subject";

    private HeaderEdits() {
    }

    static void apply(MimeMessage message, MessageOutcome outcome) throws MessagingException {
        for (HeaderEdit e : outcome.headerEdits()) {
            switch (e.kind()) {
                case REMOVE:
                    remove(message, e.name(), e.position());
                    break;
                case REMOVE_PREFIX:
                    removePrefix(message, e);
                    break;
                default:
                    message.addHeader(e.name(), HeaderFolding.fold(e.name(), e.value()));
                    break;
            }
        }
        if (outcome.subject().isPresent()) {
            setSubject(message, outcome.subject().get());
        }
    }

    /**
     * javax.mail folds only at white space, so a long space-free ASCII Subject would stay one line over
     * 998 octets; other text is encoded (RFC 2047 words, short and space-separated) and folds anyway.
     */
    private static void setSubject(MimeMessage message, String subject) throws MessagingException {
        if (subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            message.setHeader(SUBJECT, HeaderFolding.fold(SUBJECT, subject));
        } else {
            message.setSubject(subject, "UTF-8");
        }
    }

    private static void removePrefix(MimeMessage message, HeaderEdit edit) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<Header> all = message.getAllHeaders(); all.hasMoreElements();) {
            String name = all.nextElement().getName();
            if (edit.removes(name)) {
                names.add(name);
            }
        }
        for (String name : names) {
            message.removeHeader(name);
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
        List<String> keep = new ArrayList<>(List.of(values));
        keep.remove((int) at);
        message.removeHeader(name);
        for (String v : keep) {
            message.addHeader(name, v);
        }
    }
}
