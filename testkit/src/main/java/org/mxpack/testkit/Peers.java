package org.mxpack.testkit;

/**
 * Real peers the tests run (rspamd, Mail::SRS's {@code srs}, nmap). Where one is missing its tests are
 * skipped and the build output says so; with {@code MXPACK_REQUIRE_PEERS=1} (CI) a missing peer fails
 * the build instead, so a green CI cannot mean "not tested".
 */
public final class Peers {
    private Peers() {
    }

    /** {@code present}, after saying (or, when peers are required, failing) when it is not. */
    public static boolean present(String peer, boolean present) {
        if (present) {
            return true;
        }
        String why = peer + " is not installed: the tests that need it were NOT run";
        if ("1".equals(System.getenv("MXPACK_REQUIRE_PEERS"))) {
            throw new IllegalStateException(why + " (MXPACK_REQUIRE_PEERS=1)");
        }
        System.out.println("mxpack: " + why);
        return false;
    }
}
