package org.mxpack.james;

import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStream;
import org.mxpack.core.message.MessageSource;

/**
 * A James mail's message as core's {@link MessageSource}: each {@link #open()} streams it from where
 * James spooled it (James's own {@code MimeMessageWrapper} reads its source, memory or file, without
 * copying), so the end-of-DATA checks never hold a second copy of a large message.
 */
public final class MailMessageSource implements MessageSource {
    private final MimeMessage message;
    private final long size;

    public MailMessageSource(MimeMessage message, long size) {
        this.message = message;
        this.size = size;
    }

    @Override
    public InputStream open() throws IOException {
        try {
            return new MimeMessageInputStream(message);
        } catch (MessagingException e) {
            throw new IOException("cannot read the message: " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        return size;
    }
}
