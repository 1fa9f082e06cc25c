package dev.flywheel.users;

import dev.flywheel.kit.aws.AwsClients;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.priming.Priming;
import dev.flywheel.kit.spring.FunctionRegistrar;
import dev.flywheel.users.adapters.DynamoUserStore;
import dev.flywheel.users.api.UsersApi;
import dev.flywheel.users.domain.Users;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.util.List;

/** The users deployment jar's functions: {@code usersApi}. Wiring only: environment → adapters → domain → handler. */
@SpringBootConfiguration
public class UsersFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** Effect-free requests (a read, a refusal) that a provisioned users-api runs during init: see ProvisionedPriming. */
    public static final List<String> PRIMING_FIXTURES = List.of("users/get-user.json", "users/post-user-malformed.json");

    @Override
    public void initialize(GenericApplicationContext context) {
        FunctionRegistrar.on(context).http("usersApi", () -> {
            var store = new DynamoUserStore(AwsClients.dynamo(), Env.required("USERS_TABLE"), Env.required("USER_EMAILS_TABLE"));
            Priming.register("usersApi", () -> {
                Priming.jsonCodec();
                store.find("priming");
            });
            return new UsersApi(new Users(store, Clock.systemUTC()))::handle;
        }, PRIMING_FIXTURES);
    }
}
