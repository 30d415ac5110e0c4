package org.mxpack.core.spam;

import java.util.Locale;
import java.util.Optional;

/** What rspamd recommends for a message, in rising order of severity (rspamd's {@code action}). */
public enum SpamAction {
    NO_ACTION("no action"),
    GREYLIST("greylist"),
    ADD_HEADER("add header"),
    REWRITE_SUBJECT("rewrite subject"),
    SOFT_REJECT("soft reject"),
    REJECT("reject");

    private final String rspamdName;

    SpamAction(String rspamdName) {
        this.rspamdName = rspamdName;
    }

    /** The name rspamd uses in its JSON reply, e.g. {@code "add header"}. */
    public String rspamdName() {
        return rspamdName;
    }

    /**
     * Parses rspamd's action name (also tolerates {@code add_header} and any case). Empty for actions
     * mxpack does not model, such as {@code discard}, {@code quarantine} or custom actions.
     */
    public static Optional<SpamAction> fromRspamd(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', ' ');
        for (SpamAction a : values()) {
            if (a.rspamdName.equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Refused at end of DATA when the hook enforces rspamd's verdict. */
    public boolean refuses() {
        return this == REJECT || this == SOFT_REJECT;
    }

    /** Marks the message as spam (the {@code X-Spam-Flag} / {@code X-Spam-Status: Yes} headers). */
    public boolean isSpam() {
        return this == ADD_HEADER || this == REWRITE_SUBJECT || this == REJECT;
    }
}
