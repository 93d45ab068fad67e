package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape of the API: a sentence, a stable code and what to do. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDto(String error, String code, String hint, String requestId) {
    public ErrorDto(String error, String code, String hint) {
        this(error, code, hint, null);
    }
}
