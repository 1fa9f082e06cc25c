package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Value;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all of its expressions, with
 * DynamoDB's checks: every alias used must be defined, and every one defined must be used by some expression.
 */
public final class Symbols {
    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public Symbols(Map<String, String> names, Map<String, Value> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
        if (names != null && names.isEmpty()) throw new DynamoException.Validation("ExpressionAttributeNames must not be empty");
        if (values != null && values.isEmpty()) throw new DynamoException.Validation("ExpressionAttributeValues must not be empty");
    }

    String name(String alias, ExpressionKind kind) {
        String name = names.get(alias);
        if (name == null) throw ExpressionError.invalid(kind, "An expression attribute name used in the document path is not defined; attribute name: " + alias);
        usedNames.add(alias);
        return name;
    }

    Ast.Literal value(String ref, ExpressionKind kind) {
        Value value = values.get(ref);
        if (value == null) throw ExpressionError.invalid(kind, "An expression attribute value used in expression is not defined; attribute value: " + ref);
        usedValues.add(ref);
        return new Ast.Literal(ref, value);
    }

    /** Called once every expression of the request is parsed. */
    public void requireAllUsed(boolean anyExpression) {
        if (!anyExpression) {
            if (!names.isEmpty()) throw new DynamoException.Validation("ExpressionAttributeNames can only be specified when using expressions");
            if (!values.isEmpty()) throw new DynamoException.Validation("ExpressionAttributeValues can only be specified when using expressions");
            return;
        }
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw new DynamoException.Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw new DynamoException.Validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + String.join(", ", unusedValues) + "}");
        }
    }
}
