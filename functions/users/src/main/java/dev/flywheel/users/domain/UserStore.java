package dev.flywheel.users.domain;

import java.util.Optional;

/** Port: where users live. Email uniqueness is the store's guarantee (atomically, with the user). */
public interface UserStore {
    /** @throws UserConflict when the user id is registered or the email is taken */
    void create(User user, String emailKey);

    Optional<User> find(String userId);
}
