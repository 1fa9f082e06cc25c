package dev.flywheel.users.domain;

import java.time.Instant;

/** A registered user. The id is the subject of the user's JWT. */
public record User(String userId, String email, String name, Instant createdAt) {}
