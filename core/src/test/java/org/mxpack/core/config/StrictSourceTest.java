package org.mxpack.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrictSourceTest {
    private static final String LOCATION = "smtpserver.xml <handler class=\"org.mxpack.smtp.ClientHook\">";

    /** Reads what a small reader knows: dnsbl.zone, dnsbl.zone[@weight], dnsbl.threshold, iprev.reject. */
    private static StrictSource readBy(String xml) {
        StrictSource s = new StrictSource(DomConfigSource.ofXml("<handler class=\"x\">" + xml + "</handler>", LOCATION));
        s.values("dnsbl.zone");
        s.values("dnsbl.zone[@weight]");
        s.value("dnsbl.threshold");
        s.value("iprev.reject");
        return s;
    }

    @Test
    void knownElementsAndAttributesPass() {
        readBy("<dnsbl><zone weight=\"2\">a.test</zone><zone>b.test</zone><threshold>2</threshold></dnsbl>"
                + "<iprev><reject>true</reject></iprev>").rejectUnknown();
        readBy("").rejectUnknown();
    }

    @Test
    void aMisspeltElementNamesFileElementAndTheClosestName() {
        assertThatThrownBy(() -> readBy("<dnsbl><zones>a.test</zones></dnsbl>").rejectUnknown())
                .isInstanceOf(ConfigException.class)
                .hasMessage("mxpack: " + LOCATION + ": unknown element <dnsbl><zones>; did you mean <dnsbl><zone>?");
        assertThatThrownBy(() -> readBy("<dnsbl><Treshold>2</Treshold></dnsbl>").rejectUnknown())
                .hasMessageEndingWith("unknown element <dnsbl><Treshold>; did you mean <dnsbl><threshold>?");
    }

    @Test
    void anUnknownContainerIsNamedNotWhatIsInside() {
        assertThatThrownBy(() -> readBy("<dnsbll><zone>a.test</zone></dnsbll>").rejectUnknown())
                .hasMessageContaining("unknown element <dnsbll>; did you mean <dnsbl>?");
    }

    @Test
    void farFromAnyNameListsTheKnownOnes() {
        assertThatThrownBy(() -> readBy("<dnsbl><whitelist>x</whitelist></dnsbl>").rejectUnknown())
                .hasMessageEndingWith("unknown element <dnsbl><whitelist>; known here: <dnsbl><threshold>, <dnsbl><zone>");
    }

    @Test
    void unknownAttributesAndSettingsInsideALeafAreRefused() {
        assertThatThrownBy(() -> readBy("<dnsbl><zone wieght=\"2\">a.test</zone></dnsbl>").rejectUnknown())
                .hasMessageContaining("unknown attribute wieght=\"\" of <dnsbl><zone>; did you mean weight=\"\"?");
        assertThatThrownBy(() -> readBy("<iprev><reject><value>true</value></reject></iprev>").rejectUnknown())
                .hasMessageContaining("unknown element <iprev><reject><value>; <iprev><reject> has no settings inside");
    }

    @Test
    void aSectionWithoutSettingsSaysSo() {
        StrictSource none = new StrictSource(DomConfigSource.ofXml("<handler><x/></handler>", "smtpserver.xml <handler>"));
        assertThatThrownBy(none::rejectUnknown).hasMessageEndingWith("unknown element <x>; it takes no settings");
    }

    @Test
    void knownIsWhatWasRead() {
        assertThat(readBy("").known()).containsExactly("dnsbl.threshold", "dnsbl.zone", "dnsbl.zone[@weight]", "iprev.reject");
    }
}
