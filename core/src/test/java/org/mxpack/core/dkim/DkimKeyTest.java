package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 6376 §3.6.1 key records and RFC 8463 §4 Ed25519 keys. */
class DkimKeyTest {
    /** RFC 8463 A.2 keys. */
    static final String ED = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String RSA = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08"
            + "a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvH"
            + "O9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

    private static DkimSignature sig(String extra) throws DkimPermError {
        String f = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA" + extra;
        return DkimSignature.parse(f, TagList.parse(RawMessage.valueOf(f)));
    }

    @Test
    void rsaAndEd25519Keys() throws Exception {
        assertThat(DkimKey.parse(RSA).rsaBits()).isEqualTo(1024);
        assertThat(DkimKey.parse(ED).rsaBits()).isZero();
        DkimKey.parse(RSA).checkUsableFor(sig(""));
        assertThatThrownBy(() -> DkimKey.parse(ED).checkUsableFor(sig(""))).hasMessageContaining("does not match a=");
    }

    @Test
    void aRecordSeenBeforeGivesTheKeyParsedThenAndAnErrorIsNeverRemembered() throws Exception {
        assertThat(DkimKey.parse(RSA)).isSameAs(DkimKey.parse(RSA));
        String revoked = "v=DKIM1; k=rsa; p=";
        assertThatThrownBy(() -> DkimKey.parse(revoked)).hasMessageContaining("revoked");
        assertThatThrownBy(() -> DkimKey.parse(revoked)).hasMessageContaining("revoked");
    }

    @Test
    void malformedRecords() {
        assertThatThrownBy(() -> DkimKey.parse("k=rsa; v=DKIM1; p=AAAA")).hasMessageContaining("v= is not DKIM1 first");
        assertThatThrownBy(() -> DkimKey.parse("v=DKIM3; p=AAAA")).hasMessageContaining("v= is not DKIM1");
        assertThatThrownBy(() -> DkimKey.parse("k=rsa; t=y; p=")).hasMessageContaining("revoked");
        assertThatThrownBy(() -> DkimKey.parse("")).hasMessageContaining("no p=");
        assertThatThrownBy(() -> DkimKey.parse("k=foobar; p=AAAA")).hasMessageContaining("unknown key type");
        assertThatThrownBy(() -> DkimKey.parse("s=chat; p=AAAA")).hasMessageContaining("not for email");
        assertThatThrownBy(() -> DkimKey.parse("p=AAAA")).hasMessageContaining("unparseable RSA key");
        assertThatThrownBy(() -> DkimKey.parse("k=ed25519; p=MCowBQYDK2VwAyEA3SUqa9UbfciWkk7tlcJ9P1VD5pXAasg0JUn/OgjVbKE="))
                .hasMessageContaining("not 32");
    }

    @Test
    void extraTagsAndServiceLists() throws Exception {
        DkimKey k = DkimKey.parse(RSA.replace("k=rsa;", "k=rsa; s=email:web; x1 = extra; t=y:n:extra;"));
        assertThat(k.testing()).isTrue();
    }

    @Test
    void hashRestriction() throws Exception {
        DkimKey k = DkimKey.parse(RSA.replace("k=rsa;", "k=rsa; h=md5:sha1;"));
        assertThatThrownBy(() -> k.checkUsableFor(sig(""))).hasMessageContaining("inappropriate hash");
        DkimKey.parse(RSA.replace("k=rsa;", "k=rsa; h=sha1:sha256;")).checkUsableFor(sig(""));
    }

    @Test
    void strictIdentityFlag() throws Exception {
        DkimKey k = DkimKey.parse(RSA.replace("k=rsa;", "k=rsa; t=s;"));
        k.checkUsableFor(sig("; i=a@example.com"));
        assertThatThrownBy(() -> k.checkUsableFor(sig("; i=a@sub.example.com"))).hasMessageContaining("t=s");
    }

    @Test
    void granularityOfRfc4871() {
        assertThat(DkimKey.matchesGranularity("jl*g", "jlong")).isTrue();
        assertThat(DkimKey.matchesGranularity("*", "")).isTrue();
        assertThat(DkimKey.matchesGranularity("*poe", "jlong")).isFalse();
        assertThat(DkimKey.matchesGranularity("JLong", "jlong")).isFalse();
        assertThat(DkimKey.matchesGranularity("", "jlong")).isFalse();
    }
}
