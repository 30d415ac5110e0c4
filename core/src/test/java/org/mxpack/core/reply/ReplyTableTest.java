package org.mxpack.core.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTableTest {

    /** Every row of the table, with its default wording: adding a row without a line here fails {@link #goldenCoversEveryRow()}. */
    private static final String[] GOLDEN = {
        "CONNECT|CLIENT_BLOCKED|554 5.7.1 Client host rejected: access denied",
        "HELO|CLIENT_BLOCKED|550 5.7.1 Client host rejected: access denied",
        "MAIL|CLIENT_BLOCKED|550 5.7.1 Client host rejected: access denied",
        "RCPT|CLIENT_BLOCKED|550 5.7.1 Client host rejected: access denied",
        "CONNECT|DNSBL_LISTED|554 5.7.1 Client host rejected: listed on a DNS block list",
        "HELO|DNSBL_LISTED|550 5.7.1 Client host rejected: listed on a DNS block list",
        "MAIL|DNSBL_LISTED|550 5.7.1 Client host rejected: listed on a DNS block list",
        "RCPT|DNSBL_LISTED|550 5.7.1 Client host rejected: listed on a DNS block list",
        "CONNECT|IPREV_FAIL|554 5.7.25 Client host rejected: reverse DNS validation failed",
        "HELO|IPREV_FAIL|550 5.7.25 Client host rejected: reverse DNS validation failed",
        "MAIL|IPREV_FAIL|550 5.7.25 Client host rejected: reverse DNS validation failed",
        "RCPT|IPREV_FAIL|550 5.7.25 Client host rejected: reverse DNS validation failed",
        "CONNECT|IPREV_TEMPERROR|421 4.7.25 Client host rejected: temporary error validating reverse DNS, try again later",
        "HELO|IPREV_TEMPERROR|450 4.7.25 Client host rejected: temporary error validating reverse DNS, try again later",
        "MAIL|IPREV_TEMPERROR|450 4.7.25 Client host rejected: temporary error validating reverse DNS, try again later",
        "RCPT|IPREV_TEMPERROR|450 4.7.25 Client host rejected: temporary error validating reverse DNS, try again later",
        "HELO|HELO_SYNTAX|501 5.5.2 Helo command rejected: invalid HELO/EHLO argument",
        "MAIL|HELO_SYNTAX|550 5.7.1 Helo command rejected: invalid HELO/EHLO argument",
        "RCPT|HELO_SYNTAX|550 5.7.1 Helo command rejected: invalid HELO/EHLO argument",
        "HELO|HELO_FORGED|550 5.7.1 Helo command rejected: forged HELO/EHLO name",
        "MAIL|HELO_FORGED|550 5.7.1 Helo command rejected: forged HELO/EHLO name",
        "RCPT|HELO_FORGED|550 5.7.1 Helo command rejected: forged HELO/EHLO name",
        "MAIL|SENDER_BLOCKED|550 5.7.1 Sender address rejected: access denied",
        "RCPT|SENDER_BLOCKED|550 5.7.1 Sender address rejected: access denied",
        "HELO|SPF_FAIL|550 5.7.23 SPF: sender not permitted by the domain's SPF policy",
        "MAIL|SPF_FAIL|550 5.7.23 SPF: sender not permitted by the domain's SPF policy",
        "RCPT|SPF_FAIL|550 5.7.23 SPF: sender not permitted by the domain's SPF policy",
        "DATA|SPF_FAIL|550 5.7.23 SPF: sender not permitted by the domain's SPF policy",
        "HELO|SPF_PERMERROR|550 5.7.24 SPF: permanent error in the domain's SPF record",
        "MAIL|SPF_PERMERROR|550 5.7.24 SPF: permanent error in the domain's SPF record",
        "RCPT|SPF_PERMERROR|550 5.7.24 SPF: permanent error in the domain's SPF record",
        "DATA|SPF_PERMERROR|550 5.7.24 SPF: permanent error in the domain's SPF record",
        "HELO|SPF_TEMPERROR|451 4.7.24 SPF: temporary DNS error, try again later",
        "MAIL|SPF_TEMPERROR|451 4.7.24 SPF: temporary DNS error, try again later",
        "RCPT|SPF_TEMPERROR|451 4.7.24 SPF: temporary DNS error, try again later",
        "DATA|SPF_TEMPERROR|451 4.7.24 SPF: temporary DNS error, try again later",
        "MAIL|NULL_MX|550 5.7.27 Sender address rejected: sender domain accepts no mail (null MX)",
        "RCPT|NULL_MX|550 5.7.27 Sender address rejected: sender domain accepts no mail (null MX)",
        "RCPT|NO_ROUTE|550 5.1.1 Recipient address rejected: no route to this recipient here",
        "RCPT|SRS_INVALID|550 5.1.1 Recipient address rejected: invalid or expired SRS address",
        "RCPT|TOO_MANY_RECIPIENTS|452 4.5.3 Too many recipients: send the rest in another transaction",
        "DATA|DKIM_NO_PASS|550 5.7.20 DKIM: no passing DKIM signature found",
        "DATA|DKIM_NOT_ACCEPTABLE|550 5.7.21 DKIM: no acceptable DKIM signature found",
        "DATA|DKIM_NOT_ALIGNED|550 5.7.22 DKIM: no valid author-matched DKIM signature found",
        "DATA|DKIM_TEMPERROR|451 4.7.1 DKIM: temporary error verifying signatures, try again later",
        "DATA|DMARC_REJECT|550 5.7.26 DMARC: message failed the author domain's policy",
        "DATA|DMARC_TEMPERROR|451 4.7.1 DMARC: temporary error evaluating the author domain's policy, try again later",
        "DATA|SPAM_REJECT|550 5.7.1 Message content rejected: classified as spam",
        "DATA|SPAM_SOFT|451 4.7.1 Message content deferred: classified as possible spam, try again later",
        "MAIL|MESSAGE_TOO_BIG|552 5.3.4 Message too big: exceeds the size limit",
        "DATA|MESSAGE_TOO_BIG|552 5.3.4 Message too big: exceeds the size limit",
        "RCPT|TOO_MANY_REFUSED_RECIPIENTS|421 4.7.0 Too many refused recipients: closing the connection",
        "DATA|HEADER_TOO_BIG|552 5.3.4 Message header too big: the header section exceeds the limit",
        "DATA|TOO_MANY_AUTHORS|554 5.6.0 Message rejected as malformed: too many author domains in From",
        "CONNECT|BACKEND_ERROR|421 4.3.0 Temporary local problem: try again later",
        "HELO|BACKEND_ERROR|451 4.3.0 Temporary local problem: try again later",
        "MAIL|BACKEND_ERROR|451 4.3.0 Temporary local problem: try again later",
        "RCPT|BACKEND_ERROR|451 4.3.0 Temporary local problem: try again later",
        "DATA|BACKEND_ERROR|451 4.3.0 Temporary local problem: try again later",
        "CONNECT|DNS_TIMEOUT|421 4.4.3 Temporary DNS failure: try again later",
        "HELO|DNS_TIMEOUT|451 4.4.3 Temporary DNS failure: try again later",
        "MAIL|DNS_TIMEOUT|451 4.4.3 Temporary DNS failure: try again later",
        "RCPT|DNS_TIMEOUT|451 4.4.3 Temporary DNS failure: try again later",
        "DATA|DNS_TIMEOUT|451 4.4.3 Temporary DNS failure: try again later",
        "DATA|FORWARD_DMARC|550 5.7.26 Cannot forward: message fails its author domain's DMARC policy (p=reject)",
    };

    static String[] golden() {
        return GOLDEN;
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("golden")
    void everyRowRendersItsGoldenReply(String line) {
        String[] f = line.split("\\|");
        Stage stage = Stage.valueOf(f[0]);
        Reason reason = Reason.valueOf(f[1]);
        SmtpReply reply = ReplyTable.reply(stage, reason);
        assertThat(reply.toString()).isEqualTo(f[2]);
        assertThat(ReplyTable.allows(stage, reason)).isTrue();
        // the class digit decides how the hook answers: DENY vs DENYSOFT
        assertThat(reply.isPermanent()).isEqualTo(f[2].startsWith("5"));
        assertThat(reply.isTemporary()).isEqualTo(f[2].startsWith("4"));
        assertThat(reply.closesConnection()).isEqualTo(f[2].startsWith("421"));
        // a blank detail means the default wording too
        assertThat(ReplyTable.reply(stage, reason, "  ")).isEqualTo(reply);
    }

    @Test
    void goldenCoversEveryRow() {
        Set<String> golden = new HashSet<>();
        for (String line : GOLDEN) {
            String[] f = line.split("\\|");
            golden.add(f[0] + "|" + f[1]);
        }
        Set<String> table = ReplyTable.rows().stream().map(r -> r.stage() + "|" + r.reason())
                .collect(Collectors.toSet());
        assertThat(table).isEqualTo(golden);
        assertThat(ReplyTable.rows()).hasSize(GOLDEN.length);
        // every reason has at least one row
        assertThat(ReplyTable.rows().stream().map(ReplyTable.Row::reason).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void everyCombinationWithoutRowIsAProgrammingError() {
        int refused = 0;
        for (Reason reason : Reason.values()) {
            for (Stage stage : Stage.values()) {
                if (!ReplyTable.allows(stage, reason)) {
                    refused++;
                    assertThatThrownBy(() -> ReplyTable.reply(stage, reason, "x"))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(reason.name()).hasMessageContaining(stage.name());
                }
            }
        }
        assertThat(refused + ReplyTable.rows().size()).isEqualTo(Reason.values().length * Stage.values().length);
    }

    @Test
    void dkimAtHeloIsRefused() {
        assertThatThrownBy(() -> ReplyTable.reply(Stage.HELO, Reason.DKIM_NO_PASS, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MAIL|SPF_FAIL|example.com does not designate 192.0.2.7 as permitted sender|550 5.7.23 SPF: example.com does not designate 192.0.2.7 as permitted sender",
        "RCPT|SPF_TEMPERROR|temporary DNS error looking up example.com|451 4.7.24 SPF: temporary DNS error looking up example.com",
        "RCPT|NO_ROUTE|<nobody@example.org>|550 5.1.1 <nobody@example.org>: no route to this recipient here",
        "DATA|DMARC_REJECT|message failed example.com policy (p=reject)|550 5.7.26 DMARC: message failed example.com policy (p=reject)",
        "MAIL|DNSBL_LISTED|192.0.2.7 is listed on zen.example (127.0.0.2)|550 5.7.1 Client host rejected: 192.0.2.7 is listed on zen.example (127.0.0.2)",
        "CONNECT|DNSBL_LISTED|192.0.2.7 is listed on zen.example (127.0.0.2)|554 5.7.1 Client host rejected: 192.0.2.7 is listed on zen.example (127.0.0.2)",
        "HELO|HELO_SYNTAX|'foo bar' is not a domain or address literal|501 5.5.2 Helo command rejected: 'foo bar' is not a domain or address literal",
    })
    void detailFillsThePlaceholder(Stage stage, Reason reason, String detail, String expected) {
        assertThat(ReplyTable.reply(stage, reason, detail).toString()).isEqualTo(expected);
    }

    @Test
    void typedHelpers() {
        assertThat(ReplyTable.dnsblListed(Stage.RCPT, "192.0.2.7", "zen.example", "127.0.0.2").toString())
                .isEqualTo("550 5.7.1 Client host rejected: 192.0.2.7 is listed on zen.example (127.0.0.2)");
        assertThat(ReplyTable.spfFail(Stage.MAIL, "example.com", "192.0.2.7").toString())
                .isEqualTo("550 5.7.23 SPF: example.com does not designate 192.0.2.7 as permitted sender");
        assertThat(ReplyTable.spfTemperror(Stage.MAIL, "example.com").toString())
                .isEqualTo("451 4.7.24 SPF: temporary DNS error looking up example.com");
        assertThat(ReplyTable.spfPermerror(Stage.MAIL, "example.com", "too many DNS lookups").toString())
                .isEqualTo("550 5.7.24 SPF: permanent error in example.com SPF record: too many DNS lookups");
        assertThat(ReplyTable.nullMx(Stage.MAIL, "user@example.com", "example.com").toString())
                .isEqualTo("550 5.7.27 Sender address rejected: <user@example.com>: example.com accepts no mail (null MX)");
        assertThat(ReplyTable.noRoute("nobody@example.org").toString())
                .isEqualTo("550 5.1.1 <nobody@example.org>: no route to this recipient here");
        assertThat(ReplyTable.noRoute("<nobody@example.org>").toString())
                .isEqualTo("550 5.1.1 <nobody@example.org>: no route to this recipient here");
        assertThat(ReplyTable.srsInvalid("SRS0=abcd=TT=example.com=user@fwd.example").toString())
                .isEqualTo("550 5.1.1 <SRS0=abcd=TT=example.com=user@fwd.example>: invalid or expired SRS address");
        assertThat(ReplyTable.dmarcReject("example.com", "reject").toString())
                .isEqualTo("550 5.7.26 DMARC: message failed example.com policy (p=reject)");
    }

    @Test
    void clientDataCannotBreakTheReply() {
        SmtpReply r = ReplyTable.reply(Stage.HELO, Reason.HELO_SYNTAX, "evil\r\n250 OK\r\nMAIL FROM:<x>");
        assertThat(r.toString()).isEqualTo("501 5.5.2 Helo command rejected: evil 250 OK MAIL FROM:<x>");
        assertThat(r.toString()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void percentAndPlaceholderInDetailStayLiteral() {
        assertThat(ReplyTable.reply(Stage.RCPT, Reason.NO_ROUTE, "<%s%n{}@example.org>").toString())
                .isEqualTo("550 5.1.1 <%s%n{}@example.org>: no route to this recipient here");
    }

    @Test
    void hugeDetailIsBounded() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("x");
        }
        SmtpReply r = ReplyTable.reply(Stage.MAIL, Reason.SENDER_BLOCKED, "<" + big + "@example.com>");
        assertThat((r + "\r\n").length()).isEqualTo(SmtpReply.MAX_LINE_OCTETS);
        assertThat(r.text()).endsWith("...");
    }
}
