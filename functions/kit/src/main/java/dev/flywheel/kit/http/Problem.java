package dev.flywheel.kit.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem detail: what every error of the API looks like ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors) {
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
