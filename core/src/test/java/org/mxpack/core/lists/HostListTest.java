package org.mxpack.core.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostListTest {
    private final HostList list = HostList.parse(List.of(
            "spam.example.com", ".bad.example", "*.dyn.example.net", "192.0.2.7", "198.51.100.0/24",
            "2001:db8:bad::/48"), "test");

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void exactNames() throws Exception {
        assertThat(list.match("spam.example.com", ip("203.0.113.1"))).get()
                .extracting(ListMatch::describe).isEqualTo("HELO name spam.example.com matches rule spam.example.com");
        assertThat(list.match("SPAM.Example.COM.", ip("203.0.113.1"))).isPresent();
        assertThat(list.match("other.spam.example.com", ip("203.0.113.1"))).isEmpty();
    }

    @Test
    void dotDomainMatchesDomainAndSubdomains() throws Exception {
        assertThat(list.match("bad.example", ip("203.0.113.1"))).isPresent();
        assertThat(list.match("a.b.bad.example", ip("203.0.113.1"))).isPresent();
        assertThat(list.match("notbad.example", ip("203.0.113.1"))).isEmpty();
    }

    @Test
    void starDomainMatchesOnlySubdomains() throws Exception {
        assertThat(list.match("host1.dyn.example.net", ip("203.0.113.1"))).isPresent();
        assertThat(list.match("dyn.example.net", ip("203.0.113.1"))).isEmpty();
    }

    @Test
    void clientAddressesAndBlocks() throws Exception {
        assertThat(list.match("clean.example.org", ip("192.0.2.7"))).get()
                .extracting(m -> m.subject()).isEqualTo(ListMatch.Subject.CLIENT_ADDRESS);
        assertThat(list.match("clean.example.org", ip("192.0.2.8"))).isEmpty();
        assertThat(list.match("clean.example.org", ip("198.51.100.200"))).isPresent();
        assertThat(list.match("clean.example.org", ip("2001:db8:bad:1::5"))).isPresent();
        assertThat(list.match("clean.example.org", ip("2001:db8:600d::5"))).isEmpty();
        assertThat(list.match("clean.example.org", ip("::ffff:198.51.100.9"))).isPresent();
    }

    @Test
    void heloAddressLiterals() throws Exception {
        assertThat(list.match("[192.0.2.7]", ip("203.0.113.1"))).get()
                .extracting(ListMatch::subject).isEqualTo(ListMatch.Subject.HELO_ADDRESS);
        assertThat(list.match("[IPv6:2001:db8:bad::1]", ip("203.0.113.1"))).isPresent();
        assertThat(list.match("198.51.100.1", ip("203.0.113.1"))).isPresent();
    }

    @Test
    void badRulesNameTheirOrigin() {
        assertThatThrownBy(() -> HostList.parse(List.of("not a host!"), "smtpserver.xml <block>"))
                .hasMessageContaining("smtpserver.xml <block>").hasMessageContaining("not a host!");
        assertThatThrownBy(() -> HostList.parse(List.of("192.0.2.0/33"), "x")).hasMessageContaining("prefix");
    }

    @Test
    void listFilesWithCommentsAndLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("helo.txt");
        Files.writeString(f, "# comment\n\nbad.example.org  # trailing comment\n192.0.2.0/24\n");
        HostList fromFile = HostList.read(f);
        assertThat(fromFile.size()).isEqualTo(2);
        assertThat(fromFile.match("bad.example.org", ip("203.0.113.1")).get().rule().origin()).endsWith("helo.txt:3");
        Files.writeString(f, "ok.example\nbad..name\n");
        assertThatThrownBy(() -> HostList.read(f)).hasMessageContaining("helo.txt:2");
    }
}
