package dev.flywheel.users.adapters;

import dev.flywheel.kit.dynamo.ConditionalWrites;
import dev.flywheel.users.domain.User;
import dev.flywheel.users.domain.UserConflict;
import dev.flywheel.users.domain.UserStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Users in {@code users} (key: userId) and their email claims in {@code user-emails} (key: lower-cased email),
 * written in one transaction, each put conditional on its key being new: two registrations racing for one
 * email cannot both win.
 */
public final class DynamoUserStore implements UserStore {
    private final DynamoDbClient dynamo;
    private final String usersTable;
    private final String emailsTable;

    public DynamoUserStore(DynamoDbClient dynamo, String usersTable, String emailsTable) {
        this.dynamo = dynamo;
        this.usersTable = usersTable;
        this.emailsTable = emailsTable;
    }

    @Override
    public void create(User user, String emailKey) {
        Map<String, AttributeValue> item = Map.of("userId", s(user.userId()), "email", s(user.email()),
                "name", s(user.name()), "createdAt", s(user.createdAt().toString()));
        Map<String, AttributeValue> claim = Map.of("email", s(emailKey), "userId", s(user.userId()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(usersTable).item(item)
                            .conditionExpression("attribute_not_exists(userId)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(emailsTable).item(claim)
                            .conditionExpression("attribute_not_exists(email)").build()).build()));
        } catch (TransactionCanceledException e) {
            if (!ConditionalWrites.cancelledByConditions(e)) throw e;
            boolean[] failed = ConditionalWrites.conditionFailures(e);
            throw new UserConflict(failed[0] ? "user " + user.userId() + " is already registered" : "email " + user.email() + " is already registered");
        }
    }

    @Override
    public Optional<User> find(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(usersTable).key(Map.of("userId", s(userId)))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new User(string(item, "userId"), string(item, "email"), string(item, "name"),
                Instant.parse(string(item, "createdAt"))));
    }
}
