package org.mxpack.core.helo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HeloNameTest {
    private static final String US = "mx.example.org";

    private static Optional<HeloProblem> judge(String helo) throws Exception {
        return HeloName.judge(helo, InetAddress.getByName("192.0.2.7"), US, List.of(InetAddress.getByName("198.51.100.1")));
    }

    @Test
    void acceptableArguments() throws Exception {
        assertThat(judge("mail.example.com")).isEmpty();
        assertThat(judge("Mail.Example.COM.")).isEmpty();
        assertThat(judge("WIN_HOST.corp.example")).isEmpty(); // underscores tolerated
        assertThat(judge("localhost")).isEmpty(); // single label: evidence elsewhere, not syntax
        assertThat(judge("[192.0.2.7]")).isEmpty();
        assertThat(judge("[IPv6:::ffff:192.0.2.7]")).isEmpty();
    }

    @Test
    void syntax() throws Exception {
        assertThat(judge("")).contains(HeloProblem.SYNTAX);
        assertThat(judge("bad..name")).contains(HeloProblem.SYNTAX);
        assertThat(judge("-lead.example")).contains(HeloProblem.SYNTAX);
        assertThat(judge("two words")).contains(HeloProblem.SYNTAX);
        assertThat(judge("[300.1.1.1]")).contains(HeloProblem.SYNTAX);
        assertThat(judge("[2001:db8::1]")).contains(HeloProblem.SYNTAX); // IPv6 literal needs the tag
        assertThat(judge("a".repeat(64) + ".example")).contains(HeloProblem.SYNTAX);
    }

    @Test
    void bareIpAndForgery() throws Exception {
        assertThat(judge("192.0.2.7")).contains(HeloProblem.BARE_IP);
        assertThat(judge("mx.example.org")).contains(HeloProblem.OUR_NAME);
        assertThat(judge("[198.51.100.1]")).contains(HeloProblem.OUR_NAME);
        assertThat(judge("[203.0.113.9]")).contains(HeloProblem.LITERAL_MISMATCH);
    }
}
