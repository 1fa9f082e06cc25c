package dev.flywheel.payments.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.json.Json;
import dev.flywheel.payments.domain.CaptureRequest;
import dev.flywheel.payments.domain.CaptureResult;
import dev.flywheel.payments.domain.PaymentProvider;
import dev.flywheel.payments.domain.ProviderUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The provider over HTTP: {@code POST {base}/v1/captures} with an {@code Idempotency-Key} header (the order id),
 * so that even a capture whose answer we never saw is not taken twice. 2xx → captured, 402 → declined,
 * 5xx/429/timeout/connection errors → unavailable (retried later); any other 4xx means we sent nonsense.
 */
public final class HttpPaymentProvider implements PaymentProvider {
    private final HttpClient http;
    private final URI captures;
    private final Duration timeout;

    public HttpPaymentProvider(String baseUrl, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.captures = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/captures");
        this.timeout = timeout;
    }

    @Override
    public CaptureResult capture(CaptureRequest request, String idempotencyKey) {
        String body = Json.write(Map.of("orderId", request.orderId(), "amount", request.amount().amount(),
                "currency", request.amount().currency(), "paymentToken", request.paymentToken()));
        HttpRequest httpRequest = HttpRequest.newBuilder(captures).timeout(timeout)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderUnavailableException("payment provider unreachable: " + e, Duration.ZERO, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while calling the payment provider", Duration.ZERO, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return new CaptureResult.Captured(field(response.body(), "captureId"));
        if (status == 402) return new CaptureResult.Declined(field(response.body(), "reason"));
        if (status == 429 || status >= 500) throw new ProviderUnavailableException("payment provider answered " + status, Duration.ZERO, null);
        throw new IllegalArgumentException("payment provider refused the request with " + status + ": " + response.body());
    }

    private static String field(String body, String name) {
        try {
            JsonNode value = Json.tree(body).get(name);
            if (value == null || !value.isTextual()) throw new ProviderUnavailableException("provider answer lacks " + name + ": " + body, Duration.ZERO, null);
            return value.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProviderUnavailableException("provider answered with malformed JSON", Duration.ZERO, e);
        }
    }
}
