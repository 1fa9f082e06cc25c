package dev.flywheel.kit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.flywheel.kit.limits.InputLimits;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An API Gateway HTTP API (payload format 2.0) request as a handler needs it. The handler trusts the claims
 * in {@code requestContext.authorizer.jwt.claims}: the front door (API Gateway's JWT authorizer, or the local
 * gateway) has verified the token before the function runs.
 */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) { this.event = event; }

    public String routeKey() {
        if (event.getRouteKey() != null && !event.getRouteKey().isBlank() && !"$default".equals(event.getRouteKey())) return event.getRouteKey();
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null ? "" : http.getMethod() + " " + event.getRawPath();
    }

    /** A path parameter, refused with a 400 when missing or longer than a DynamoDB key may be ({@link InputLimits#MAX_KEY_BYTES}). */
    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) throw ProblemException.badRequest("missing path parameter " + name);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > InputLimits.MAX_KEY_BYTES)
            throw ProblemException.badRequest("path parameter " + name + " is " + bytes + " bytes; the limit is " + InputLimits.MAX_KEY_BYTES);
        return value;
    }

    /**
     * A query parameter, if sent. API Gateway decodes it and joins repeated ones with commas ({@code a=1&a=2} is
     * {@code "1,2"}), so a handler that wants one value refuses such a join as it refuses any malformed value.
     */
    public Optional<String> queryParameter(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    /** Refuses, with a 400 naming them, query parameters the route does not know: a misspelt one is not silently ignored. */
    public void requireOnlyQueryParameters(Set<String> known) {
        Map<String, String> params = event.getQueryStringParameters();
        if (params == null) return;
        List<String> unknown = params.keySet().stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty())
            throw ProblemException.badRequest("unknown query parameter " + String.join(", ", unknown) + "; this route takes "
                    + String.join(", ", known.stream().sorted().toList()), unknown.stream().map(n -> n + ": unknown").toList());
    }

    /** Header names are case-insensitive (API Gateway lower-cases them in payload 2.0). */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) return Optional.empty();
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue).findFirst();
    }

    /** The body as bytes (decoded when API Gateway base64-encoded it). */
    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) return new byte[0];
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("body is marked base64 but is not");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getRequestId() == null ? "unknown" : ctx.getRequestId();
    }

    public Caller caller() {
        var ctx = event.getRequestContext();
        var authorizer = ctx == null ? null : ctx.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        String sub = claims == null ? null : claims.get("sub");
        if (sub == null || sub.isBlank()) throw ProblemException.unauthorized("no verified subject: send Authorization: Bearer <JWT>");
        return new Caller(sub, "true".equalsIgnoreCase(claims.getOrDefault("admin", "false")) || inAdminGroup(claims.get("cognito:groups")));
    }

    /** Cognito puts group membership in {@code cognito:groups}; API Gateway flattens the array to "[admin ops]". */
    static boolean inAdminGroup(String groups) {
        if (groups == null) return false;
        for (String group : groups.replaceAll("[\\[\\]\"]", "").split("[\\s,]+")) if (group.equals("admin")) return true;
        return false;
    }
}
