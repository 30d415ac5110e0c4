package org.mxpack.core.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Pure tests: action names, reply parsing edge cases, headers, map round trip. */
class SpamVerdictTest {

    private static SpamVerdict parse(String json) {
        return RspamdReplyParser.parse(200, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void actionNames() {
        for (SpamAction a : SpamAction.values()) {
            assertEquals(Optional.of(a), SpamAction.fromRspamd(a.rspamdName()));
        }
        assertEquals(Optional.of(SpamAction.ADD_HEADER), SpamAction.fromRspamd("add_header"));
        assertEquals(Optional.of(SpamAction.SOFT_REJECT), SpamAction.fromRspamd(" Soft Reject "));
        assertEquals(Optional.empty(), SpamAction.fromRspamd("discard"));
        assertEquals(Optional.empty(), SpamAction.fromRspamd(null));
        assertTrue(SpamAction.REJECT.refuses() && SpamAction.SOFT_REJECT.refuses() && !SpamAction.GREYLIST.refuses());
        assertTrue(SpamAction.ADD_HEADER.isSpam() && !SpamAction.SOFT_REJECT.isSpam() && !SpamAction.NO_ACTION.isSpam());
    }

    @Test
    void unusableRepliesAreErrors() {
        assertEquals("reply is not a JSON object", parse("[1,2]").reason());
        assertEquals("reply has no action", parse("{\"score\":1}").reason());
        assertEquals("unsupported rspamd action 'discard'", parse("{\"action\":\"discard\"}").reason());
        assertEquals("rspamd error: boom", parse("{\"error\":\"boom\"}").reason());
        assertEquals(ScannerStatus.ERROR, parse("").status());
        assertEquals(ScannerStatus.ERROR, parse("{\"action\":").status());
        assertEquals("HTTP 503 from rspamd", RspamdReplyParser.parse(503, "<html>".getBytes(StandardCharsets.UTF_8)).reason());
        assertEquals(ScannerStatus.ERROR, RspamdReplyParser.parse(500, "{\"action\":\"reject\"}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void toleratesOddShapes() {
        SpamVerdict v = parse("{\"action\":\"no action\",\"score\":\"x\",\"symbols\":[],\"milter\":7,\"messages\":[]}");
        assertEquals(ScannerStatus.OK, v.status());
        assertEquals(0.0, v.score());
        assertTrue(v.symbols().isEmpty() && v.headerEdits().isEmpty() && v.smtpMessage().isEmpty());
    }

    @Test
    void headerEditsAreSanitized() {
        SpamVerdict v = parse("{\"action\":\"add header\",\"score\":6,\"required_score\":15,\"milter\":{\"add_headers\":{"
                + "\"Bad Name\":\"x\",\"Bad:Name\":\"x\",\"X-Inject\":\"a\\r\\nBcc: victim@example.org\","
                + "\"X-Folded\":\"a;\\n\\tb\",\"X-Num\":{\"value\":\"v\",\"order\":\"oops\"}},"
                + "\"remove_headers\":{\"X-Old\":1,\"bad name\":0}}}");
        assertEquals(List.of(HeaderEdit.add("X-Inject", "a Bcc: victim@example.org", 0),
                HeaderEdit.add("X-Folded", "a;\r\n\tb", 0), HeaderEdit.add("X-Num", "v", 0),
                HeaderEdit.remove("X-Old", 1)), v.headerEdits());
    }

    @Test
    void symbolAndOptionCountsAreBounded() {
        StringBuilder sb = new StringBuilder("{\"action\":\"reject\",\"score\":999,\"symbols\":{");
        for (int i = 0; i < 300; i++) {
            sb.append(i == 0 ? "" : ",").append("\"S").append(i).append("\":{\"score\":1,\"options\":[");
            for (int j = 0; j < 50; j++) {
                sb.append(j == 0 ? "" : ",").append("\"o").append(j).append('"');
            }
            sb.append("]}");
        }
        SpamVerdict v = parse(sb.append("}}").toString());
        assertEquals(RspamdReplyParser.MAX_SYMBOLS, v.symbols().size());
        assertEquals(RspamdReplyParser.MAX_OPTIONS, v.symbols().get(0).options().size());
        String status = v.headers().stream().filter(h -> h.name().equals(SpamVerdict.STATUS_HEADER))
                .findFirst().orElseThrow().value();
        assertTrue(status.length() <= 900 && status.endsWith(",..."), status);
    }

    @Test
    void rspamdsOwnSummaryHeadersAreNotDuplicated() {
        SpamVerdict v = SpamVerdict.scanned(SpamAction.REJECT, 20, 15)
                .withHeaderEdits(List.of(HeaderEdit.add("x-spam-status", "Yes, score=20", 0),
                        HeaderEdit.remove("X-Spam-Flag", 0)));
        List<HeaderEdit> h = v.headers();
        assertEquals(List.of(HeaderEdit.add("x-spam-status", "Yes, score=20", 0), HeaderEdit.add("X-Spam-Flag", "YES", 0)), h);
    }

    @Test
    void failedVerdictsCarryNoJudgement() {
        for (SpamVerdict v : List.of(SpamVerdict.unavailable("down"), SpamVerdict.timeout("slow"), SpamVerdict.error("bad"))) {
            assertFalse(v.isScanned());
            assertEquals(SpamAction.NO_ACTION, v.action());
            assertTrue(v.headers().isEmpty());
            assertEquals(v, SpamVerdict.fromMap(v.toMap()));
        }
        assertEquals("spam timeout (slow)", SpamVerdict.timeout("slow").toString());
    }

    @Test
    void mapRoundTripUsesOnlyJsonFriendlyValues() {
        SpamVerdict v = SpamVerdict.scanned(SpamAction.REWRITE_SUBJECT, 9.25, 15)
                .withSymbols(List.of(SpamSymbol.of("A", 4.125, List.of("x", "y")), SpamSymbol.of("B", -0.1, List.of())))
                .withHeaderEdits(List.of(HeaderEdit.add("X-A", "1", 2), HeaderEdit.remove("X-B", -1)))
                .withSubject("[SPAM] hi").withSmtpMessage("go away");
        Map<String, Object> map = v.toMap();
        assertEquals(v, SpamVerdict.fromMap(map));
        assertJsonFriendly(map);
        assertEquals("9.25", map.get("score"));
        assertThrows(IllegalArgumentException.class, () -> SpamVerdict.fromMap(Map.of("status", "OK", "action", "zap")));
        assertThrows(IllegalArgumentException.class, () -> SpamVerdict.fromMap(Map.of("status", "MAYBE", "action", "reject")));
        assertThrows(IllegalArgumentException.class, () -> SpamVerdict.fromMap(Map.of("status", "OK", "action", "reject",
                "symbols", "nope")));
    }

    private static void assertJsonFriendly(Object o) {
        if (o instanceof Map) {
            ((Map<?, ?>) o).forEach((k, v) -> {
                assertTrue(k instanceof String);
                assertJsonFriendly(v);
            });
        } else if (o instanceof List) {
            new ArrayList<>((List<?>) o).forEach(SpamVerdictTest::assertJsonFriendly);
        } else {
            assertTrue(o instanceof String || o instanceof Long || o instanceof Boolean, () -> "not JSON-friendly: " + o);
        }
    }

    @Test
    void requestNormalizesEnvelope() throws Exception {
        SpamRequest r = SpamRequest.builder(new byte[] {1, 2}).mailFrom(" <a@example.com> ").recipient(" ")
                .recipient("b@example.org").helo("").build();
        assertEquals(Optional.of("a@example.com"), r.mailFrom());
        assertEquals(List.of("b@example.org"), r.recipients());
        assertEquals(Optional.empty(), r.helo());
        assertEquals(Optional.of(""), SpamRequest.builder(new byte[0]).mailFrom("<>").build().mailFrom());
        byte[] given = {1, 2};
        SpamRequest copied = SpamRequest.builder(given).build();
        given[0] = 9;
        assertEquals(1, copied.message().open().readAllBytes()[0]);
    }
}
