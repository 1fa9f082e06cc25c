package dev.flywheel.users.domain;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/** The users capability: register the caller, read a user. No AWS types here. */
public final class Users {
    private final UserStore store;
    private final Clock clock;

    public Users(UserStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public User register(String userId, String email, String name) {
        User user = new User(userId, email.trim(), name.trim(), clock.instant());
        store.create(user, emailKey(email));
        return user;
    }

    /** The user, if the caller may see it: only themself, or an admin. Anyone else learns nothing (not even existence). */
    public Optional<User> view(String callerId, boolean admin, String userId) {
        if (!admin && !callerId.equals(userId)) return Optional.empty();
        return store.find(userId);
    }

    /** Emails are unique regardless of case: "Ada@Example.com" and "ada@example.com" are one address. */
    public static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
