package dev.flywheel.tests;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front door over real HTTP does what the deployed HTTP API does: JWT verification and each route's throttle
 * before any function runs, the payload limits, and nothing more: bodies are judged by the functions.
 */
class FrontDoorIT {
    static final String THROTTLED_ROUTE = "GET /users/{userId}";

    private final LocalPlatform platform = TestPlatforms.shared();
    private final Api api = new Api(platform);
    private final ApiClient raw = new ApiClient(platform.url());

    @Test
    void tokensThatAreMissingForeignExpiredOrTamperedGet401AndReachNoFunction() throws Exception {
        long before = platform.stats("orders-api").invocations();
        String good = api.token(Api.Caller.user("ada"));
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("foreign").generate();
        String foreign = sign(foreignKey, claims("ada", Instant.now().plusSeconds(600), LocalIssuer.ISSUER));
        String expired = platform.issuer().token("ada", false, Duration.ofSeconds(-120));
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("A") ? "BB" : "AA") + "." + parts[2];

        for (Map.Entry<String, String> bad : Map.of("no token", "", "another issuer's key", foreign, "expired", expired,
                "tampered", tampered, "not a JWT", "hello").entrySet()) {
            HttpApiEvents.Response r = raw.call(bad.getValue().isEmpty() ? null : bad.getValue(), "GET", "/orders/01ABC", null);
            assertEquals(401, r.status(), bad.getKey());
            assertEquals("{\"message\":\"Unauthorized\"}", r.body(), bad.getKey());
            assertNotNull(r.header("WWW-Authenticate"), bad.getKey() + ": the reason is given");
            assertNotNull(r.header("apigw-requestid"), bad.getKey());
        }
        assertTrue(raw.call(expired, "GET", "/orders/01ABC", null).header("WWW-Authenticate").contains("xpired"), "says it expired");
        assertEquals(before, platform.stats("orders-api").invocations(), "no 401 reached the function");
        assertEquals(404, raw.call(good, "GET", "/orders/01ABC", null).status(), "the good token passes");
    }

    /**
     * A route's throttle is one budget for every client, as the HTTP API's stage route settings are. A platform of
     * its own, so that no other test shares the route's budget: 3 requests of burst, then one token per 10 s.
     */
    @Test
    void theRoutesThrottleIsSharedByEveryClientAndAnswers429WithRetryAfter() {
        try (LocalPlatform own = LocalPlatform.start(TestPlatforms.options().withFreePorts().withProvisionedConcurrency(false)
                .withRouteThrottle(THROTTLED_ROUTE, 0.1, 3))) {
            Api ownApi = new Api(own);
            // users-api warmed through another route, so that the throttled route's budget is untouched
            assertEquals(400, ownApi.call(Api.Caller.user(Shop.unique("warm-up")), "POST", "/users", "{}").status());
            String user = Shop.unique("eager");
            int passed = 0, throttled = 0;
            String retryAfter = null;
            for (int i = 0; i < 6; i++) {
                HttpApiEvents.Response r = ownApi.call(Api.Caller.user(user), "GET", "/users/" + user, null);
                if (r.status() == 429) {
                    throttled++;
                    retryAfter = r.header("Retry-After");
                    assertEquals("{\"message\":\"Too Many Requests\"}", r.body(), "API Gateway's own answer");
                } else {
                    passed++;
                }
            }
            assertEquals(3, passed, "the burst of 3 passes, and no token comes back within the test");
            assertEquals(3, throttled);
            assertTrue(Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 10, "the next token is at most 10 s away: " + retryAfter);
            assertEquals(429, ownApi.call(Api.Caller.user(Shop.unique("other")), "GET", "/users/x", null).status(),
                    "another client draws on the same route budget");
            assertEquals(404, ownApi.call(Api.Caller.user(Shop.unique("other")), "GET", "/orders/x", null).status(), "other routes keep theirs");
        }
    }

    /** Bodies reach the function, as in the cloud (an HTTP API has no request validator), and it refuses them with a problem. */
    @Test
    void oversizedWrongTypeMalformedAndOffSchemaBodiesAreRefusedByTheFunctionWithAProblem() {
        long before = platform.stats("orders-api").invocations();
        String token = api.token(Api.Caller.user("ada"));
        HttpApiEvents.Response big = raw.call(token, "POST", "/orders", "{\"items\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, big.status());
        assertEquals("application/problem+json", big.header("Content-Type"));
        HttpApiEvents.Response form = raw.call(token, "POST", "/orders", "items=1", Map.of("Content-Type", "text/plain"));
        assertEquals(415, form.status());
        assertEquals("application/problem+json", form.header("Content-Type"));
        HttpApiEvents.Response malformed = raw.call(token, "POST", "/orders", "{\"items\": [");
        assertEquals(400, malformed.status());
        assertTrue(malformed.json().get("detail").asText().contains("line 1"), malformed.body());
        assertEquals(400, raw.call(token, "POST", "/orders", "[1,2]").status(), "a JSON array is not an order");
        HttpApiEvents.Response offSchema = raw.call(token, "POST", "/orders", "{\"items\":\"two\",\"paymentToken\":\"tok_visa\",\"price\":1}");
        assertEquals(400, offSchema.status());
        assertTrue(offSchema.json().get("detail").asText().contains("create-order"), offSchema.body());
        assertTrue(offSchema.json().get("errors").size() >= 2, "every violation listed (wrong type, unknown field): " + offSchema.body());
        assertEquals(5, platform.stats("orders-api").invocations() - before, "each of them was judged by the function");
        assertNotNull(offSchema.header("X-Correlation-Id"), "the function's correlation id");
        long beforeNoRoute = platform.stats("orders-api").invocations();
        assertEquals(404, raw.call(token, "DELETE", "/orders/x", null).status(), "no such route");
        assertEquals(beforeNoRoute, platform.stats("orders-api").invocations(), "a request with no route reaches no function");
    }

    /**
     * The two limits in front of a function: Lambda takes at most 6 MB of event in a synchronous invocation, and the
     * HTTP API at most 10 MB of payload. Both are answered by API Gateway itself, in its shapes, before any function.
     */
    @Test
    void bodiesOverLambdasOrTheHttpApisPayloadLimitAreAnswered413BeforeAnyFunction() {
        long before = platform.stats("orders-api").invocations();
        String token = api.token(Api.Caller.user("ada"));
        HttpApiEvents.Response overLambda = raw.call(token, "POST", "/orders", "{\"items\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}");
        assertEquals(413, overLambda.status());
        assertEquals("{\"message\":\"Request Too Long\"}", overLambda.body());
        HttpApiEvents.Response overApi = raw.call(token, "POST", "/orders", "x".repeat(10 * 1024 * 1024 + 1));
        assertEquals(413, overApi.status());
        assertEquals("HTTP content length exceeded 10485760 bytes.", overApi.body());
        assertEquals(before, platform.stats("orders-api").invocations(), "neither reached the function");
    }

    @Test
    void healthAndTheIssuersKeysAreServed() {
        HttpApiEvents.Response health = raw.call(null, "GET", "/health", null);
        assertEquals(200, health.status());
        assertEquals(platform.endpoints().sqs().toString(), health.json().get("sqs").asText());
        assertTrue(health.json().get("tables").has("orders"));
        HttpApiEvents.Response jwks = raw.call(null, "GET", "/.well-known/jwks.json", null);
        assertEquals("RSA", jwks.json().get("keys").get(0).get("kty").asText());
        assertTrue(!jwks.body().contains("\"d\""), "only the public key is published");
    }

    private static JWTClaimsSet claims(String sub, Instant expires, String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(LocalIssuer.AUDIENCE).subject(sub)
                .issueTime(new Date()).expirationTime(Date.from(expires)).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
