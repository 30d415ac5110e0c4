package org.mxpack.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.mxpack.core.reply.SmtpReply;

/**
 * Turns a reply from core's reply table into a James {@link HookResult}. Accepting is always
 * {@code DECLINED} (never {@code OK}: that would skip James's relay check or drop the mail).
 */
public final class HookReplies {
    private HookReplies() {
    }

    public static HookResult accept() {
        return HookResult.DECLINED;
    }

    public static HookResult refuse(SmtpReply reply) {
        HookReturnCode.Action action = reply.isPermanent() ? HookReturnCode.Action.DENY : HookReturnCode.Action.DENYSOFT;
        HookReturnCode code = reply.closesConnection() ? HookReturnCode.disconnected(action)
                : HookReturnCode.connected(action);
        return HookResult.builder()
                .hookReturnCode(code)
                .smtpReturnCode(reply.codeString())
                .smtpDescription(reply.description())
                .build();
    }
}
