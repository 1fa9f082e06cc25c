package dev.flywheel.users.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.http.ApiRequest;
import dev.flywheel.kit.http.ApiResponses;
import dev.flywheel.kit.http.ApiRouter;
import dev.flywheel.kit.http.Caller;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.http.ProblemException;
import dev.flywheel.users.domain.User;
import dev.flywheel.users.domain.UserConflict;
import dev.flywheel.users.domain.Users;

import java.util.Map;

/** The thin HTTP handler of users-api: POST /users registers the caller, GET /users/{userId} reads one. */
public final class UsersApi {
    /** The body of POST /users (schemas/create-user.json). */
    public record CreateUser(String email, String name) {}

    private final Users users;
    private final JsonBodies createUserBody = JsonBodies.forSchema("create-user");
    private final ApiRouter router = new ApiRouter()
            .route("POST /users", this::register)
            .route("GET /users/{userId}", this::get);

    public UsersApi(Users users) { this.users = users; }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return router.handle(event);
    }

    private APIGatewayV2HTTPResponse register(ApiRequest request) {
        Caller caller = request.caller();
        CreateUser body = createUserBody.read(request, CreateUser.class);
        try {
            User user = users.register(caller.userId(), body.email(), body.name());
            return ApiResponses.json(201, user, Map.of("Location", "/users/" + user.userId()));
        } catch (UserConflict e) {
            throw ProblemException.conflict(e.getMessage());
        }
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        Caller caller = request.caller();
        String userId = request.pathParameter("userId");
        return users.view(caller.userId(), caller.admin(), userId)
                .map(user -> ApiResponses.json(200, user))
                .orElseThrow(() -> ProblemException.notFound("no user " + userId));
    }
}
