package org.mxpack.core.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderListTest {
    private static boolean listed(String rule, String sender) {
        return SenderList.parse(List.of(rule), "test").match(sender).isPresent();
    }

    @Test
    void exactAddress() {
        assertThat(listed("Alice@Example.com", "alice@example.COM")).isTrue();
        assertThat(listed("alice@example.com", "<alice@example.com>")).isTrue();
        assertThat(listed("alice@example.com", "bob@example.com")).isFalse();
        assertThat(listed("alice@example.com", "alice@sub.example.com")).isFalse();
    }

    @Test
    void domainForms() {
        for (String rule : List.of("example.com", "@example.com", "*@example.com")) {
            assertThat(listed(rule, "anyone@example.com")).as(rule).isTrue();
            assertThat(listed(rule, "anyone@sub.example.com")).as(rule).isFalse();
            assertThat(listed(rule, "anyone@badexample.com")).as(rule).isFalse();
        }
    }

    @Test
    void domainAndSubdomains() {
        assertThat(listed(".example.com", "a@example.com")).isTrue();
        assertThat(listed(".example.com", "a@deep.sub.example.com")).isTrue();
        assertThat(listed(".example.com", "a@badexample.com")).isFalse();
        assertThat(listed("alice@.example.com", "alice@sub.example.com")).isTrue();
        assertThat(listed("alice@.example.com", "bob@sub.example.com")).isFalse();
    }

    @Test
    void subdomainsOnly() {
        assertThat(listed("*.example.com", "a@mx.example.com")).isTrue();
        assertThat(listed("*.example.com", "a@example.com")).isFalse();
    }

    @Test
    void wildcards() {
        assertThat(listed("user@*", "user@anywhere.example")).isTrue();
        assertThat(listed("user@*", "other@anywhere.example")).isFalse();
        assertThat(listed("bounce-*@*.example.com", "bounce-123@lists.example.com")).isTrue();
        assertThat(listed("bounce-*@*.example.com", "news@lists.example.com")).isFalse();
        // '.' and other regex characters are literal
        assertThat(listed("a.b@example.com", "axb@example.com")).isFalse();
    }

    @Test
    void nullSender() {
        assertThat(listed("<>", "")).isTrue();
        assertThat(listed("<>", "<>")).isTrue();
        assertThat(listed("<>", "a@example.com")).isFalse();
        assertThat(listed("*", "")).isFalse();
        assertThat(listed("user@*", "")).isFalse();
    }

    @Test
    void badRulesNameTheirOrigin() {
        assertThatThrownBy(() -> SenderList.parse(List.of("a b@example.com"), "smtpserver.xml <sender>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smtpserver.xml <sender>")
                .hasMessageContaining("a b@example.com");
        assertThatThrownBy(() -> SenderList.parse(List.of("user@exa mple.com"), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SenderList.parse(List.of("user@"), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileWithCommentsAndLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("senders.txt");
        Files.writeString(f, "# comment\n\n*@spam.example   # trailing\nuser@*\n");
        SenderList list = SenderList.read(f);
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.match("x@spam.example").orElseThrow().origin()).isEqualTo(f + ":3");
        assertThat(list.match("user@ok.example").orElseThrow().text()).isEqualTo("user@*");
        Files.writeString(f, "ok.example\nbad rule\n");
        assertThatThrownBy(() -> SenderList.read(f)).hasMessageContaining(f + ":2");
    }
}
