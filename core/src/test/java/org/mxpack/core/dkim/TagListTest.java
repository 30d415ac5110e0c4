package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 6376 §3.2 tag lists and §3.5 DKIM-Signature semantics. */
class TagListTest {
    private static final String SIG = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel;"
            + " h=from:to; bh=AAAA; b=AAAA";

    @Test
    void foldingWhiteSpaceAroundTagsAndValues() throws Exception {
        TagList t = TagList.parse(" v = 1 ;\r\n\ta=rsa-sha256; x1 = extra ; ");
        assertThat(t.get("v")).isEqualTo("1");
        assertThat(t.get("x1")).isEqualTo("extra");
        assertThat(t.firstName()).isEqualTo("v");
    }

    @Test
    void syntaxErrors() {
        assertThatThrownBy(() -> TagList.parse("k=rsa; t; p=abc")).hasMessageContaining("tag without value");
        assertThatThrownBy(() -> TagList.parse("a=1; a=2")).hasMessageContaining("duplicate tag a=");
        assertThatThrownBy(() -> TagList.parse("1a=2")).hasMessageContaining("invalid tag name");
    }

    private static DkimSignature sig(String field) throws DkimPermError {
        return DkimSignature.parse(field, TagList.parse(RawMessage.valueOf(field)));
    }

    @Test
    void defaultsOfASignature() throws Exception {
        DkimSignature s = sig(SIG);
        assertThat(s.identity()).isEqualTo("@example.com");
        assertThat(s.headerCanon()).isEqualTo(Canonicalization.SIMPLE);
        assertThat(s.bodyCanon()).isEqualTo(Canonicalization.SIMPLE);
        assertThat(s.bodyLength()).isEqualTo(-1);
        assertThat(s.keyName()).isEqualTo("sel._domainkey.example.com");
        assertThat(sig(SIG + "; c=relaxed").bodyCanon()).isEqualTo(Canonicalization.SIMPLE);
        assertThat(sig(SIG + "; c=relaxed/relaxed").bodyCanon()).isEqualTo(Canonicalization.RELAXED);
    }

    @Test
    void identityIsDkimQuotedPrintable() throws Exception {
        assertThat(sig(SIG + "; i=jo=3Dhn@sub.example.com").identity()).isEqualTo("jo=hn@sub.example.com");
    }

    @Test
    void signatureErrors() {
        assertThatThrownBy(() -> sig(SIG.replace("v=1", "v=0.5"))).hasMessageContaining("unsupported version");
        assertThatThrownBy(() -> sig(SIG.replace("v=1; ", ""))).hasMessageContaining("missing required tag v=");
        assertThatThrownBy(() -> sig(SIG.replace("rsa-sha256", "rsa-md5"))).hasMessageContaining("unsupported algorithm");
        assertThatThrownBy(() -> sig(SIG.replace("from:to", "to:subject"))).hasMessageContaining("From field not signed");
        assertThatThrownBy(() -> sig(SIG + "; i=a@example.org")).hasMessageContaining("domain mismatch");
        assertThatThrownBy(() -> sig(SIG + "; c=future")).hasMessageContaining("unknown canonicalization");
        assertThatThrownBy(() -> sig(SIG + "; q=http")).hasMessageContaining("query method");
        assertThatThrownBy(() -> sig(SIG + "; l=12a")).hasMessageContaining("invalid l=");
        assertThatThrownBy(() -> sig(SIG + "; t=200; x=100")).hasMessageContaining("x= is before t=");
        assertThatThrownBy(() -> sig(SIG.replace("b=AAAA", "b=!!"))).hasMessageContaining("base64");
        assertThatThrownBy(() -> sig(SIG.replace("s=sel", "s=a..b"))).hasMessageContaining("invalid selector");
    }

    @Test
    void hugeNumbersSaturate() throws Exception {
        assertThat(sig(SIG + "; x=99999999999999999999999").expiration()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bValueIsRemovedButBhKept() {
        assertThat(DkimVerifier.withoutSignatureValue("DKIM-Signature: bh=xyz; b=abc\r\n def; d=x"))
                .isEqualTo("DKIM-Signature: bh=xyz; b=; d=x");
        assertThat(DkimVerifier.withoutSignatureValue("DKIM-Signature: d=x; b = abc ")).isEqualTo("DKIM-Signature: d=x; b =");
    }
}
