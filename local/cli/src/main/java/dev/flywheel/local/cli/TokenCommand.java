package dev.flywheel.local.cli;

import dev.flywheel.local.auth.LocalIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a JWT from the local issuer, for Authorization: Bearer <token>.")
public final class TokenCommand implements Runnable {
    @Option(names = "--sub", required = true, description = "the user id (JWT subject)")
    String subject;

    @Option(names = "--admin", description = "adds the admin group (needed for PUT /products/{sku})")
    boolean admin;

    @Option(names = "--ttl-minutes", defaultValue = "720", description = "how long the token is valid (default: ${DEFAULT-VALUE})")
    long ttlMinutes;

    @Override
    public void run() {
        System.out.println(LocalIssuer.at(RepositoryRoot.path()).token(subject, admin, Duration.ofMinutes(ttlMinutes)));
    }
}
