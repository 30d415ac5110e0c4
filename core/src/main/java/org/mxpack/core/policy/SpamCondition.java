package org.mxpack.core.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.mxpack.core.spam.SpamAction;

/**
 * A condition on rspamd's verdict as the {@code IsSpam} matcher takes it: empty = rspamd marked the
 * message as spam ({@link SpamAction#isSpam()}); else a list of rspamd actions {@code ACTION[|ACTION...]}
 * written with hyphens, underscores or spaces ({@code add-header|rewrite-subject}). Only a message rspamd
 * actually scanned can match: an unscanned one is not called spam (nor clean).
 */
public final class SpamCondition {
    private final Set<SpamAction> actions;

    private SpamCondition(Set<SpamAction> actions) {
        this.actions = actions;
    }

    public static SpamCondition parse(String condition) {
        String c = condition == null ? "" : condition.trim();
        if (c.isEmpty()) {
            Set<SpamAction> spam = EnumSet.noneOf(SpamAction.class);
            for (SpamAction a : SpamAction.values()) {
                if (a.isSpam()) {
                    spam.add(a);
                }
            }
            return new SpamCondition(spam);
        }
        Set<SpamAction> out = EnumSet.noneOf(SpamAction.class);
        for (String name : c.split("\\|", -1)) {
            out.add(SpamAction.fromRspamd(name.trim().replace('-', ' ')).orElseThrow(() -> {
                List<String> known = new ArrayList<>();
                for (SpamAction a : SpamAction.values()) {
                    known.add(a.rspamdName().replace(' ', '-'));
                }
                return new IllegalArgumentException("unknown rspamd action '" + name.trim() + "': expected one of "
                        + String.join(", ", known));
            }));
        }
        return new SpamCondition(out);
    }

    public boolean matches(MailVerdicts verdicts) {
        return verdicts.spam().filter(s -> s.isScanned() && actions.contains(s.action())).isPresent();
    }
}
