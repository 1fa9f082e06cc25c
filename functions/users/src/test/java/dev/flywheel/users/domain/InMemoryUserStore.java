package dev.flywheel.users.domain;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link UserStore} contract in memory (the DynamoDB adapter keeps it with one transaction): ids and email keys unique. */
public final class InMemoryUserStore implements UserStore {
    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<String, String> emailKeys = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(User user, String emailKey) {
        if (users.containsKey(user.userId())) throw new UserConflict("user " + user.userId() + " is already registered");
        if (emailKeys.containsKey(emailKey)) throw new UserConflict("email is taken");
        users.put(user.userId(), user);
        emailKeys.put(emailKey, user.userId());
    }

    @Override
    public Optional<User> find(String userId) { return Optional.ofNullable(users.get(userId)); }
}
