package dev.flywheel.local.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The front door's verification: a token verified once is answered from memory until it expires, and only then. */
class LocalIssuerTest {
    @TempDir
    Path root;

    @Test
    void aTokenSentAgainIsNotVerifiedAgainAndGetsTheSameClaims() {
        LocalIssuer issuer = LocalIssuer.at(root);
        String token = issuer.token("alice", true, Duration.ofMinutes(5));

        Map<String, String> first = issuer.verify(token);
        Map<String, String> again = issuer.verify(token);
        issuer.verify(token);

        assertEquals(1, issuer.signatureChecks(), "the signature is checked once for one token");
        assertEquals(first, again);
        assertEquals("alice", again.get("sub"));
        assertEquals("[admin]", again.get("cognito:groups"));
    }

    @Test
    void aRememberedTokenDoesNotVouchForAnAlteredCopyOfIt() {
        LocalIssuer issuer = LocalIssuer.at(root);
        String token = issuer.token("alice", false, Duration.ofMinutes(5));
        issuer.verify(token);
        int last = token.length() - 2; // inside the signature
        String altered = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);

        assertThrows(LocalIssuer.Rejected.class, () -> issuer.verify(altered));
        assertThrows(LocalIssuer.Rejected.class, () -> issuer.verify(altered), "a refused token is not remembered either");
        assertEquals(3, issuer.signatureChecks());
    }

    @Test
    void aTokenPastItsExpiryIsVerifiedInFullAndRefused() {
        LocalIssuer issuer = LocalIssuer.at(root);
        // expired beyond the processor's clock skew (60 s), so the full verification refuses it
        String expired = issuer.token("alice", false, Duration.ofMinutes(-5));

        assertThrows(LocalIssuer.Rejected.class, () -> issuer.verify(expired));
        assertThrows(LocalIssuer.Rejected.class, () -> issuer.verify(expired));
        assertEquals(2, issuer.signatureChecks());
    }
}
