package io.agentdeck.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** The parts of an HTTP request or handshake that the security checks look at, from any transport. */
public record RequestFacts(
        String method,
        String path,
        Optional<String> host,
        Optional<String> origin,
        Optional<String> authorization,
        Optional<String> queryToken,
        Optional<String> socketIoSession,
        String remoteAddress,
        int localPort) {

    public static RequestFacts of(HttpServletRequest request) {
        return new RequestFacts(
                request.getMethod(),
                request.getRequestURI(),
                Optional.ofNullable(request.getHeader("Host")),
                Optional.ofNullable(request.getHeader("Origin")),
                Optional.ofNullable(request.getHeader("Authorization")),
                Optional.ofNullable(request.getParameter("token")),
                Optional.ofNullable(request.getParameter("sid")),
                request.getRemoteAddr(),
                request.getLocalPort());
    }
}
