package io.agentdeck.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.dto.ErrorDto;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Runs the {@link SecurityGate} in front of everything the server answers: REST handlers, the {@code /ws} upgrade and
 * the Socket.IO servlet, so no transport can forget a check. Refusals are the API's error JSON; CORS headers go only
 * to allowlisted origins, and preflights are answered here.
 */
public final class SecurityServletFilter implements Filter {
    private static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept";
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Beyond this a client is not worth reading: the connection is closed after the answer instead. */
    private static final long MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

    private final SecurityGate gate;
    private final ObjectMapper json;

    public SecurityServletFilter(SecurityGate gate, ObjectMapper json) {
        this.gate = gate;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        SecurityGate.Admission admission = gate.admit(RequestFacts.of(request));
        if (admission.refusal().isPresent()) {
            drainBody(request);
            refuse(response, admission.refusal().get());
            return;
        }
        admission.caller().ifPresent(caller -> request.setAttribute(Caller.ATTRIBUTE, caller));
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            // Read it first (up to a bound), so the client, still sending, gets to read the 413.
            drainBody(request);
            refuse(
                    response,
                    Refusal.of(
                            413,
                            "payload_too_large",
                            "The request body is larger than 1 MiB.",
                            "Send a smaller body."));
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            // The gate let this origin through, so it is allowlisted and may read the response.
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
        if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(204);
            return;
        }
        chain.doFilter(request, response);
        if (!request.isAsyncStarted()) {
            drainBody(request);
        }
    }

    /**
     * Reads what a refused or unrouted request still had to send, so that the client can read our answer instead of
     * a reset connection. Very large bodies are not read; the connection closes after the answer.
     */
    private static void drainBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length <= 0 || length > MAX_DRAIN_BYTES) {
            return;
        }
        try (var in = request.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException e) {
            // Already read as a reader, or the client went away: nothing left to be polite about.
        }
    }

    private void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        response.setStatus(refusal.status());
        refusal.retryAfter().ifPresent(wait -> response.setHeader("Retry-After", String.valueOf(wait.toSeconds())));
        response.setContentType("application/json; charset=utf-8");
        byte[] body = json.writeValueAsBytes(new ErrorDto(refusal.message(), refusal.code(), refusal.hint()));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }
}
