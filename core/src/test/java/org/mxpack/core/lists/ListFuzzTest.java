package org.mxpack.core.lists;

import java.net.InetAddress;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * List rules are written by admins, HELO names and senders by clients: a rule parses or is refused with
 * the documented {@link IllegalArgumentException} (a config error naming it), and matching any client
 * input against any rule never throws. 10,000 tries each in {@code mvn verify}.
 */
class ListFuzzTest {
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> token = Arbitraries.of("*", ".", "@", "example.com", "192.0.2.7", "/", "24", "33", "129",
                "2001:db8::", "::", "[", "]", "IPv6:", "-", "_", " ", "\u00e9", "0", "255", "256", "*@", "@*");
        Arbitrary<String> structured = token.list().ofMaxSize(20).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(120));
    }

    @Property
    void hostRulesParseOrAreConfigErrorsAndMatchingNeverThrows(@ForAll("texts") String rule, @ForAll("texts") String helo)
            throws Exception {
        HostList list;
        try {
            list = HostList.parse(java.util.List.of(rule), "fuzz");
        } catch (IllegalArgumentException e) {
            list = HostList.empty();
        }
        list.match(helo, InetAddress.getByName("192.0.2.7"));
        list.matchConfirmedName(helo);
    }

    @Property
    void senderRulesParseOrAreConfigErrorsAndMatchingNeverThrows(@ForAll("texts") String rule,
            @ForAll("texts") String sender) {
        SenderList list;
        try {
            list = SenderList.parse(java.util.List.of(rule), "fuzz");
        } catch (IllegalArgumentException e) {
            return;
        }
        list.match(sender);
    }
}
