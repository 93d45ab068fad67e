package io.agentdeck.config;

import java.util.Locale;

/** What a bind address or host name says about who can reach the server. */
public final class BindAddress {
    private BindAddress() {}

    /** Whether only programs on this machine can reach {@code host}: localhost, 127.x.x.x or ::1. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }
}
