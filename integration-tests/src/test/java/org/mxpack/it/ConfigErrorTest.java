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
}
