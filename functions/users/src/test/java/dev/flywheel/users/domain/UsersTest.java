package dev.flywheel.users.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The users rules without AWS: registration normalizes what it stores, emails are one address whatever their case, and only the user or an admin sees a user. */
class UsersTest {
    private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final Users users = new Users(store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void registrationTrimsWhatItStoresAndStampsTheTime() {
        User ada = users.register("u-ada", "  Ada@Example.com ", " Ada Lovelace ");
        assertEquals(new User("u-ada", "Ada@Example.com", "Ada Lovelace", NOW), ada);
        assertEquals(Map.of("ada@example.com", "u-ada"), store.emailKeys, "the uniqueness key is the address in lower case");
    }

    @Test
    void anEmailIsTakenWhateverItsCase() {
        users.register("u-ada", "ada@example.com", "Ada");
        assertThrows(UserConflict.class, () -> users.register("u-other", "ADA@EXAMPLE.COM", "Other"));
        assertEquals(1, store.users.size());
    }

    @Test
    void onlyTheUserOrAnAdminSeesAUserAndOthersCannotTellItExists() {
        users.register("u-ada", "ada@example.com", "Ada");
        assertEquals("u-ada", users.view("u-ada", false, "u-ada").orElseThrow().userId());
        assertEquals("u-ada", users.view("admin-1", true, "u-ada").orElseThrow().userId());
        assertEquals(Optional.empty(), users.view("u-bob", false, "u-ada"));
        assertEquals(users.view("u-bob", false, "u-ada"), users.view("u-bob", false, "u-nobody"), "the same answer for a user that does not exist");
    }
}
