package org.mxpack.core.lists;

import java.util.Objects;

/** Which rule matched what: the reason given when a listed client is refused. */
public final class ListMatch {
    /** What the rule matched. */
    public enum Subject {
        HELO_NAME("HELO name"), HELO_ADDRESS("HELO address literal"), CLIENT_ADDRESS("client address"),
        CONFIRMED_NAME("forward-confirmed reverse name");

        private final String label;

        Subject(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final ListEntry rule;
    private final Subject subject;
    private final String value;

    ListMatch(ListEntry rule, Subject subject, String value) {
        this.rule = Objects.requireNonNull(rule);
        this.subject = Objects.requireNonNull(subject);
        this.value = Objects.requireNonNull(value);
    }

    public ListEntry rule() {
        return rule;
    }

    public Subject subject() {
        return subject;
    }

    /** The HELO name or address that matched. */
    public String value() {
        return value;
    }

    /** e.g. {@code HELO name bad.example.com matches rule .example.com}. */
    public String describe() {
        return subject.label() + " " + value + " matches rule " + rule.text();
    }

    @Override
    public String toString() {
        return describe() + " (" + rule.origin() + ")";
    }
}
