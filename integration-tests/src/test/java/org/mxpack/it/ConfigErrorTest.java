package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** A bad mxpack setting stops James's start with a message naming the element and the value. */
class ConfigErrorTest {
    @Test
    void badBlockListRuleAbortsStartNamingElementAndValue() {
        Throwable thrown = catchThrowable(() -> Pack.james()
                .confEdit("smtpserver.xml", "<!-- <block>\\.spammer\\.example</block> -->", "<block>not a host!</block>")
                .start()
                .close());
        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage())
                .contains("ClientHook")
                .contains("<block>")
                .contains("'not a host!'");
    }

    @Test
    void missingListFileAbortsStartNamingTheFile() {
        Throwable thrown = catchThrowable(() -> Pack.james()
                .confEdit("smtpserver.xml", "<blockFile>conf/mxpack/helo-blocklist.txt</blockFile>",
                        "<blockFile>conf/mxpack/no-such-list.txt</blockFile>")
                .start()
                .close());
        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage()).contains("<blockFile>conf/mxpack/no-such-list.txt</blockFile>");
    }

    @Test
    void aMisspeltHandlerElementStopsTheStartNamingTheClosestName() {
        Throwable thrown = catchThrowable(() -> Pack.james()
                .confEdit("smtpserver.xml", "<threshold>1</threshold>", "<treshold>1</treshold>")
                .start()
                .close());
        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage())
                .contains("smtpserver.xml <handler class=\"org.mxpack.smtp.ClientHook\">")
                .contains("unknown element <dnsbl><treshold>; did you mean <dnsbl><threshold>?");
    }

    @Test
    void aMisspeltSharedSettingStopsTheStartNamingTheClosestName() {
        Throwable thrown = catchThrowable(() -> Pack.james()
                .confEdit("mxpack.xml", "<stageBudget>10s</stageBudget>", "<stagebudget>10s</stagebudget>")
                .start()
                .close());
        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage())
                .contains("mxpack.xml")
                .contains("unknown element <stagebudget>; did you mean <stageBudget>?");
    }
}
