package org.mxpack.core.reply;

/** The SMTP event at which the pack may refuse: the reply code of a refusal depends on it. */
public enum Stage {
    /** Connection opened, before the greeting: only 554 or 421 are meaningful (RFC 5321 §3.1). */
    CONNECT,
    /** HELO or EHLO. */
    HELO,
    /** MAIL FROM. */
    MAIL,
    /** RCPT TO. */
    RCPT,
    /** End of DATA (the final dot): the whole message is known. */
    DATA
}
