package dev.flywheel.tests;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.auth.LocalIssuer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every mutation of a valid token, generated: a changed character in its header, payload or signature, a wrong
 * algorithm (none, HS256 keyed with the public key), dates in the past or future, another audience, issuer or key
 * id, a missing subject, a foreign key's signature. Each is refused with 401 before any function runs.
 */
class TokenMutationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final RSAKey FOREIGN = foreignKey();

    private final LocalPlatform platform = TestPlatforms.shared();

    record Mutation(String name, String token) {
        @Override public String toString() { return name + ": " + token; }
    }

    @Property(tries = 200, seed = "20261129")
    void everyMutatedTokenIsRefusedWith401BeforeAnyFunction(@ForAll("mutations") Mutation mutation) throws Exception {
        long invocations = platform.stats("orders-api").invocations();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url() + "/orders/01KAQ3Z5M8N2P4R6T8V0W2X600"))
                .header("Authorization", "Bearer " + mutation.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        Statistics.label("mutation").collect(mutation.name());
        assertEquals(401, response.statusCode(), mutation + " → " + response.body());
        assertEquals(invocations, platform.stats("orders-api").invocations(), "no function ran for " + mutation);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        RSAKey key = issuerKey();
        Arbitrary<Mutation> flipped = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
                .as((part, at, c) -> {
                    String[] parts = valid().split("\\.");
                    String p = parts[part];
                    // the signature's last character carries 4 unused bits: some changes to it decode to the same bytes
                    int i = at % (part == 2 ? p.length() - 1 : p.length());
                    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                    char other = p.charAt(i) != c ? c : alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
                    parts[part] = p.substring(0, i) + other + p.substring(i + 1);
                    return new Mutation("a character of part " + part + " changed", String.join(".", parts));
                });
        Arbitrary<Mutation> cut = Arbitraries.integers().between(1, 300).map(n -> {
            String t = valid();
            return new Mutation("truncated", t.substring(0, Math.max(0, t.length() - n)));
        });
        Arbitrary<Mutation> claims = Arbitraries.of(
                claim("expired", b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120)))),
                claim("not yet valid", b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))),
                claim("another audience", b -> b.audience("someone-else")),
                claim("no audience", b -> b.audience((String) null)),
                claim("another issuer", b -> b.issuer("https://evil.example/issuer")),
                claim("no subject", b -> b.subject(null)),
                claim("no expiry", b -> b.expirationTime(null))).map(f -> f.apply(key));
        Arbitrary<Mutation> algorithms = Arbitraries.of("none", "HS256 with the public key", "unknown key id", "foreign key", "empty signature", "swapped parts")
                .map(kind -> algorithm(kind, key));
        return Arbitraries.oneOf(flipped, cut, claims, algorithms);
    }

    private String valid() {
        return platform.issuer().token("prop-user", false, Duration.ofHours(1));
    }

    private static Function<RSAKey, Mutation> claim(String name, Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
        return key -> new Mutation(name, sign(change.apply(base()).build(), key, key.getKeyID()));
    }

    private static JWTClaimsSet.Builder base() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(LocalIssuer.ISSUER).audience(LocalIssuer.AUDIENCE).subject("prop-user")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private static Mutation algorithm(String kind, RSAKey key) {
        try {
            String good = sign(base().build(), key, key.getKeyID());
            String[] parts = good.split("\\.");
            return switch (kind) {
                case "none" -> new Mutation(kind, Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + key.getKeyID() + "\"}") + "." + parts[1] + ".");
                case "HS256 with the public key" -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), base().build());
                    jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
                    yield new Mutation(kind, jwt.serialize());
                }
                case "unknown key id" -> new Mutation(kind, sign(base().build(), key, "not-" + key.getKeyID()));
                case "foreign key" -> new Mutation(kind, sign(base().build(), FOREIGN, key.getKeyID()));
                case "empty signature" -> new Mutation(kind, parts[0] + "." + parts[1] + ".");
                default -> new Mutation(kind, parts[1] + "." + parts[0] + "." + parts[2]);
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, String keyId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local issuer's own key, so that only the mutated part is wrong. */
    private static RSAKey issuerKey() {
        try {
            Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
            TestPlatforms.shared(); // makes the key on first use
            return RSAKey.parse(Files.readString(root.resolve(".flywheel").resolve("local-issuer.jwk")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey foreignKey() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
