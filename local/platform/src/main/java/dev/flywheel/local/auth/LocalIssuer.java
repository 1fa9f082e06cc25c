package dev.flywheel.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stand-in for Cognito: an RS256 key pair kept in {@code .flywheel/local-issuer.jwk} (created on first
 * use, git-ignored, readable only by you) signs tokens for {@code ./flywheel token}, and the front door verifies
 * them as API Gateway's JWT authorizer would: signature, issuer, audience, expiry. Claims reach the function as
 * strings, arrays flattened to {@code "[a b]"}, exactly as API Gateway passes them.
 */
public final class LocalIssuer {
    public static final String ISSUER = "https://flywheel.local/issuer";
    public static final String AUDIENCE = "flywheel";

    /** Tokens remembered as verified at most; when full, the memory starts over. */
    static final int VERIFIED_MAX = 10_000;

    private final RSAKey key;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /**
     * Tokens verified already, with their claims, until they expire. A client sends the same token with every request
     * while it is valid, and verifying its RS256 signature (a 2,048-bit RSA operation, under the platform's C1-only
     * JIT) was 6% of the platform's CPU in a spike, on the accept path of every request. The same bytes verify the
     * same way every time, so only expiry is checked again; a token past it is verified in full, which applies the
     * processor's clock skew exactly as before.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private final AtomicLong signatureChecks = new AtomicLong();

    private record Verified(Map<String, String> claims, Instant expires) {}

    private LocalIssuer(RSAKey key) {
        this.key = key;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat")));
    }

    /** The issuer whose key lives under {@code root/.flywheel}; the key is made on first use. */
    public static synchronized LocalIssuer at(Path root) {
        Path file = root.resolve(".flywheel").resolve("local-issuer.jwk");
        try {
            if (Files.exists(file)) return new LocalIssuer(RSAKey.parse(Files.readString(file)));
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "issuer", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new LocalIssuer(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local issuer key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the local issuer key " + file + " is damaged: delete it to make a new one", e);
        }
    }

    /** A signed token for {@code subject}; {@code admin} adds the Cognito admin group, as the deployed pool would. */
    public String token(String subject, boolean admin, Duration validFor) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).jwtID(UUID.randomUUID().toString());
        if (admin) claims.claim("cognito:groups", List.of("admin"));
        return sign(claims.build(), key);
    }

    static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The public key set, served at {@code /.well-known/jwks.json} like a real issuer's. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /**
     * @return the verified claims as API Gateway hands them to the function (read-only)
     * @throws Rejected with the reason (for the 401's message)
     */
    public Map<String, String> verify(String token) {
        Verified known = verified.get(token);
        if (known != null && Instant.now().isBefore(known.expires())) return known.claims();
        try {
            signatureChecks.incrementAndGet();
            JWTClaimsSet claims = processor.process(token, null);
            Map<String, String> flat = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> flat.put(name, flatten(value)));
            Map<String, String> result = Collections.unmodifiableMap(flat);
            if (verified.size() >= VERIFIED_MAX) verified.clear();
            verified.put(token, new Verified(result, claims.getExpirationTime().toInstant()));
            return result;
        } catch (ParseException e) {
            throw new Rejected("the token is not a JWT");
        } catch (BadJOSEException e) {
            throw new Rejected(e.getMessage());
        } catch (JOSEException e) {
            throw new Rejected("the token cannot be verified: " + e.getMessage());
        }
    }

    /** Tokens verified in full so far (not from memory): for tests. */
    long signatureChecks() {
        return signatureChecks.get();
    }

    private static String flatten(Object value) {
        if (value instanceof Date d) return Long.toString(d.toInstant().getEpochSecond());
        if (value instanceof List<?> list) return "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]";
        return String.valueOf(value);
    }

    /** A token the front door refuses (401). */
    public static final class Rejected extends RuntimeException {
        public Rejected(String reason) { super(reason); }
    }
}
