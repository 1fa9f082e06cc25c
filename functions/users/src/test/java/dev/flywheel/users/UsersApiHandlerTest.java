package dev.flywheel.users;

import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import dev.flywheel.kit.testing.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

/** users-api through the real FunctionInvoker with the events/users fixtures: bad input never reaches the table. */
class UsersApiHandlerTest {
    private static LambdaHarness lambda;

    @BeforeAll
    static void init() {
        Env.install(Problems.unreachableAws("usersApi", Map.of("USERS_TABLE", "users", "USER_EMAILS_TABLE", "user-emails")));
        lambda = new LambdaHarness("usersApi", "users-api");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "users/post-user-malformed.json      | 400 | malformed JSON at line 1",
            "users/post-user-unknown-field.json  | 400 | role",
            "users/post-user-wrong-type.json     | 400 | string",
            "users/post-user-no-auth.json        | 401 | Authorization: Bearer",
            "users/get-user-of-someone-else.json | 404 | no user user-bob"})
    void refusesWithAProblem(String fixture, int status, String detail) {
        Problems.assertProblem(lambda.invokeFixture(fixture), status, detail);
    }
}
