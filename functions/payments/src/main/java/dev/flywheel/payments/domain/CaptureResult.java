package dev.flywheel.payments.domain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The provider's answer. Stored as JSON by the idempotency store, so a repeat gets the same answer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({@JsonSubTypes.Type(value = CaptureResult.Captured.class, name = "captured"),
        @JsonSubTypes.Type(value = CaptureResult.Declined.class, name = "declined")})
public sealed interface CaptureResult {
    record Captured(String captureId) implements CaptureResult {}

    record Declined(String reason) implements CaptureResult {}
}
