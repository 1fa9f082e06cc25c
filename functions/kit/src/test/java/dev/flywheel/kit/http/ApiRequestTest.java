package dev.flywheel.kit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiRequestTest {
    private static ApiRequest withClaims(Map<String, String> claims) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setAuthorizer(authorizer);
        event.setRequestContext(ctx);
        return new ApiRequest(event);
    }

    @Test
    void theSubjectIsTheUserAndAdminComesFromTheAdminClaimOrTheCognitoGroup() {
        assertEquals(new Caller("u1", false), withClaims(Map.of("sub", "u1")).caller());
        assertTrue(withClaims(Map.of("sub", "a", "admin", "true")).caller().admin());
        assertTrue(withClaims(Map.of("sub", "a", "cognito:groups", "[ops admin]")).caller().admin());
        assertFalse(withClaims(Map.of("sub", "a", "cognito:groups", "[administrators]")).caller().admin());
        assertFalse(withClaims(Map.of("sub", "a", "admin", "yes")).caller().admin());
    }

    @Test
    void noSubjectIsUnauthorized() {
        assertEquals(401, assertThrows(ProblemException.class, () -> withClaims(Map.of()).caller()).problem().status());
    }
}
