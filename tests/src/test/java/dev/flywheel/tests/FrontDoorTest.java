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

/** The front door over real HTTP: JWT verification, throttling and request checks happen before any function runs. */
class FrontDoorTest {
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

    @Test
    void aClientOverTheRoutesThrottleGets429WithRetryAfter() {
        String user = Shop.unique("eager");
        api.call(Api.Caller.user(Shop.unique("warm-up")), "GET", "/users/x", null); // a cold start would refill the bucket meanwhile
        int passed = 0, throttled = 0;
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            HttpApiEvents.Response r = api.call(Api.Caller.user(user), "GET", "/users/" + user, null);
            if (r.status() == 429) {
                throttled++;
                retryAfter = r.header("Retry-After");
            } else {
                passed++;
            }
        }
        assertTrue(passed >= 3 && passed <= 4, "the burst of 3 passes (and maybe one refilled token): " + passed);
        assertTrue(throttled >= 2, "then 429s: " + throttled);
        assertEquals("1", retryAfter, "at 1 request per second the next token is at most a second away");
        assertEquals(404, api.call(Api.Caller.user(Shop.unique("other")), "GET", "/users/x", null).status(), "other clients keep their own budget");
    }

    @Test
    void oversizedWrongTypeMalformedAndOffSchemaBodiesAreRefusedBeforeTheFunction() {
        long before = platform.stats("orders-api").invocations();
        String token = api.token(Api.Caller.user("ada"));
        HttpApiEvents.Response big = raw.call(token, "POST", "/orders", "{\"items\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, big.status());
        assertEquals("application/problem+json", big.header("Content-Type"));
        assertEquals(415, raw.call(token, "POST", "/orders", "items=1", Map.of("Content-Type", "text/plain")).status());
        HttpApiEvents.Response malformed = raw.call(token, "POST", "/orders", "{\"items\": [");
        assertEquals(400, malformed.status());
        assertTrue(malformed.json().get("detail").asText().contains("line 1"), malformed.body());
        assertEquals(400, raw.call(token, "POST", "/orders", "[1,2]").status(), "a JSON array is not an order");
        HttpApiEvents.Response offSchema = raw.call(token, "POST", "/orders", "{\"items\":\"two\",\"paymentToken\":\"tok_visa\",\"price\":1}");
        assertEquals(400, offSchema.status());
        assertTrue(offSchema.json().get("detail").asText().contains("create-order"), offSchema.body());
        assertTrue(offSchema.json().get("errors").size() >= 2, "every violation listed (wrong type, unknown field): " + offSchema.body());
        assertEquals(404, raw.call(token, "DELETE", "/orders/x", null).status(), "no such route");
        assertEquals(before, platform.stats("orders-api").invocations(), "none of these reached the function");
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
