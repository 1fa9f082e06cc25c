package dev.flywheel.users.adapters;

import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.users.domain.User;
import dev.flywheel.users.domain.UserConflict;
import dev.flywheel.users.domain.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DynamoDB adapter against the embedded engine: email uniqueness under racing registrations, in one transaction with the user. */
class DynamoUserStoreTest {
    private static EmbeddedEmulators emulators;
    private static DynamoDbClient dynamo;
    private static DynamoUserStore store;

    @BeforeAll
    static void start() {
        emulators = EmbeddedEmulators.start(0, 0);
        dynamo = LocalAws.dynamo(emulators.endpoints());
        // the tables as the topology defines them, made the way the platform makes them
        Resources tables;
        try (var sqs = LocalAws.sqs(emulators.endpoints())) {
            tables = new Provisioner(sqs, dynamo, "").provision(FlywheelTopology.standard());
        }
        store = new DynamoUserStore(dynamo, tables.table("users"), tables.table("user-emails"));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulators.close();
    }

    private static User user(String id, String email) {
        return new User(id, email, "name of " + id, Instant.parse("2026-12-03T02:00:00Z"));
    }

    @Test
    void aUserIsStoredAndReadBack() {
        User ada = user("u-ada", "Ada@Example.com");
        store.create(ada, Users.emailKey(ada.email()));
        assertEquals(ada, store.find("u-ada").orElseThrow());
        assertTrue(store.find("u-nobody").isEmpty());
    }

    @Test
    void racingRegistrationsForOneEmailHaveExactlyOneWinnerAndTheLosersLeaveNothing() throws Exception {
        String[] spellings = {"race@example.com", "RACE@example.com", "Race@Example.Com", "race@EXAMPLE.com"};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                User u = user("u-race-" + i, spellings[i % spellings.length]);
                Callable<String> register = () -> {
                    try {
                        store.create(u, Users.emailKey(u.email()));
                        return "won";
                    } catch (UserConflict e) {
                        return e.getMessage();
                    }
                };
                outcomes.add(pool.submit(register));
            }
            long winners = 0;
            for (Future<String> f : outcomes) {
                String outcome = f.get();
                if (outcome.equals("won")) winners++;
                else assertTrue(outcome.contains("is already registered") && outcome.contains("@"), "a loser is told about the email: " + outcome);
            }
            assertEquals(1, winners, "exactly one registration wins the address");
        } finally {
            pool.shutdownNow();
        }
        long stored = 0;
        for (int i = 0; i < 16; i++) if (store.find("u-race-" + i).isPresent()) stored++;
        assertEquals(1, stored, "a losing registration stored no user: the user and its email claim are one transaction");
    }

    @Test
    void theSameUserCannotRegisterTwice() {
        store.create(user("u-twice", "first@example.com"), "first@example.com");
        UserConflict conflict = assertThrows(UserConflict.class, () -> store.create(user("u-twice", "second@example.com"), "second@example.com"));
        assertEquals("user u-twice is already registered", conflict.getMessage());
        store.create(user("u-third", "second@example.com"), "second@example.com"); // the refused claim on "second" was not kept
    }
}
