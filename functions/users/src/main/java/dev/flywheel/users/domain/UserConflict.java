package dev.flywheel.users.domain;

/** A registration that would break uniqueness: the subject is already registered, or the email is taken. */
public final class UserConflict extends RuntimeException {
    public UserConflict(String message) { super(message); }
}
