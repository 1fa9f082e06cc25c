package dev.flywheel.local.payments;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakePaymentProviderTest {
    private final FakePaymentProvider provider = FakePaymentProvider.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() { provider.close(); }

    private HttpResponse<String> capture(String key, String orderId, String token) throws Exception {
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":1999,\"currency\":\"EUR\",\"paymentToken\":\"" + token + "\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/v1/captures")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("Idempotency-Key", key);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void capturesOncePerIdempotencyKeyAndDeclinesTheDeclinedToken() throws Exception {
        HttpResponse<String> first = capture("o1", "o1", "tok_visa");
        HttpResponse<String> again = capture("o1", "o1", "tok_visa");
        assertEquals(201, first.statusCode());
        assertEquals(first.body(), again.body(), "a repeat gets the first answer");
        assertEquals(402, capture("o2", "o2", FakePaymentProvider.DECLINED_TOKEN).statusCode());
        assertEquals(400, capture(null, "o3", "tok_visa").statusCode(), "the key is required");

        assertEquals(2, provider.captures().size(), "one record per key");
        assertEquals(4, provider.attempts());
        assertEquals("declined", provider.captures().get(1).status());

        // the record over HTTP, as the load harness reads it
        HttpResponse<String> record = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(provider.baseUrl() + "/v1/captures")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, record.statusCode());
        assertEquals(true, record.body().startsWith("[{") && record.body().contains("\"orderId\":\"o2\"") && record.body().contains("\"at\":\"20"), record.body());
    }

    @Test
    void canBeToldToFailOrToBeSlow() throws Exception {
        provider.mode(FakePaymentProvider.Mode.FAIL, Duration.ZERO);
        assertEquals(503, capture("o1", "o1", "tok_visa").statusCode());
        assertTrue(provider.captures().isEmpty(), "a failed call records nothing");

        provider.mode(FakePaymentProvider.Mode.SLOW, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertEquals(201, capture("o1", "o1", "tok_visa").statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300, "answered after the delay");

        HttpResponse<String> switched = http.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/admin/mode"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"fail\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, switched.statusCode());
        assertEquals(503, capture("o9", "o9", "tok_visa").statusCode());
    }
}
