package dev.flywheel.kit.http;

/** Who is calling, from the JWT claims that the front door verified: the subject is the user id. */
public record Caller(String userId, boolean admin) {
    public boolean mayRead(String ownerId) { return admin || userId.equals(ownerId); }

    public void requireAdmin() {
        if (!admin) throw ProblemException.forbidden("this route needs an admin token");
    }
}
