package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.List;
import java.util.Map;

import static dev.flywheel.dynamodb.ItemsConformanceTest.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expression language of the developer guide ("Using expressions in DynamoDB": condition and filter
 * expressions, update expressions, projection expressions, attribute names and values, reserved words).
 */
class ExpressionsConformanceTest extends EngineTest {

    /** Puts an item, then asks whether {@code condition} holds for it (a conditional no-op update); passes only the values it names. */
    private static boolean holds(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(item));
        try {
            Map<String, AttributeValue> used = new java.util.HashMap<>(values);
            used.keySet().removeIf(name -> !java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name) + "\\b").matcher(condition).find());
            dynamo.updateItem(b -> b.tableName(t).key(Map.of("pk", item.get("pk"))).conditionExpression(condition)
                    .expressionAttributeValues(used.isEmpty() ? null : used));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static final Map<String, AttributeValue> ITEM = Map.of("pk", s("k"), "a", n("1"), "b", n("2"), "s", s("hello"),
            "tags", AttributeValue.fromSs(List.of("red", "blue")), "lst", AttributeValue.fromL(List.of(s("x"), n("7"))),
            "m", AttributeValue.fromM(Map.of("nested", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("c", n("3"))))))),
            "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        var v = Map.of(":one", n("1"), ":two", n("2"), ":three", n("3"));
        assertTrue(holds(ITEM, "a = :one OR a = :two AND b = :three", v), "a=1 OR (a=2 AND b=3)");
        assertEquals(false, holds(ITEM, "NOT a = :two AND b = :three", v), "(NOT a=2) AND b=3");
        assertTrue(holds(ITEM, "NOT (a = :two AND b = :three)", v));
        assertEquals(false, holds(ITEM, "(a = :one OR a = :two) AND b = :three", v));
    }

    @Test
    void comparatorsBetweenAndInFollowTheGuide() {
        var v = Map.of(":one", n("1"), ":two", n("2"), ":three", n("3"), ":hello", s("hello"));
        assertTrue(holds(ITEM, "a < b AND b > a AND a <= :one AND b >= :two AND a <> b", v));
        assertTrue(holds(ITEM, "b BETWEEN :one AND :three AND a IN (:three, :one) AND s = :hello", v));
        assertEquals(false, holds(ITEM, "s < :one", v), "values of different types never compare");
        assertTrue(holds(ITEM, "absent <> :one", v), "<> holds for a missing attribute");
        assertEquals(false, holds(ITEM, "absent = :one OR absent < :one", v));
        assertTrue(validation(() -> holds(ITEM, "a BETWEEN :three AND :one", v))
                .startsWith("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound"));
    }

    @Test
    void functionsFollowTheGuide() {
        var v = Map.of(":he", s("he"), ":red", s("red"), ":x", s("x"), ":ell", s("ell"), ":ss", s("SS"), ":five", n("5"), ":two", n("2"),
                ":b12", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
        assertTrue(holds(ITEM, "attribute_exists(a) AND attribute_not_exists(nope) AND attribute_type(tags, :ss)", v));
        assertTrue(holds(ITEM, "begins_with(s, :he) AND begins_with(bin, :b12) AND contains(s, :ell) AND contains(tags, :red) AND contains(lst, :x)", v));
        assertTrue(holds(ITEM, "size(s) = :five AND size(tags) = :two AND size(lst) = :two", v));
        assertTrue(holds(ITEM, "attribute_exists(m.nested[0].c) AND NOT attribute_exists(m.nested[1])", v), "nested paths");
        assertTrue(validation(() -> holds(ITEM, "attribute_type(a, :he)", v)).startsWith("Invalid ConditionExpression: Invalid attribute type name found; type: he"));
        assertEquals("Invalid ConditionExpression: Invalid function name; function: nosuch", validation(() -> holds(ITEM, "nosuch(a)", Map.of())));
    }

    @Test
    void namesAndValuesAreCheckedAsDynamoDbChecksThem() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(key("a")));
        assertEquals("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET status = :v").expressionAttributeValues(Map.of(":v", s("x"))))));
        assertEquals("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", s("x"), ":unused", s("y"))))));
        assertEquals("Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = :v")
                        .expressionAttributeNames(Map.of("#n", "x")).expressionAttributeValues(Map.of(":v", s("x"))))));
        assertEquals("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = :nope"))));
        assertEquals("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope",
                validation(() -> dynamo.deleteItem(b -> b.tableName(t).key(key("a")).conditionExpression("attribute_exists(#nope)"))));
        assertEquals("ExpressionAttributeNames can only be specified when using expressions",
                validation(() -> dynamo.getItem(b -> b.tableName(t).key(key("a")).expressionAttributeNames(Map.of("#a", "a")))));
        dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET #s = :v").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":v", s("ok"))));
        assertEquals("ok", dynamo.getItem(b -> b.tableName(t).key(key("a"))).item().get("status").s());
    }

    @Test
    void syntaxErrorsNameTheTokenAndWhereItIs() {
        String t = table();
        String message = validation(() -> dynamo.deleteItem(b -> b.tableName(t).key(key("a")).conditionExpression("a = = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))));
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"a = = :v\"", message);
        assertTrue(validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET a = :v SET b = :v")
                .expressionAttributeValues(Map.of(":v", s("x"))))).contains("The \"SET\" section can only be used once in an update expression"));
        assertEquals("Invalid ConditionExpression: The expression can not be empty;",
                validation(() -> dynamo.deleteItem(b -> b.tableName(t).key(key("a")).conditionExpression(" "))));
    }

    @Test
    void updatesOnNestedPathsAndTheirErrors() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "doc", AttributeValue.fromM(Map.of("lst", AttributeValue.fromL(List.of(n("1"), n("2"))))))));
        dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET doc.lst[1] = :v, doc.lst[9] = :w, doc.added = :v")
                .expressionAttributeValues(Map.of(":v", s("two"), ":w", s("appended"))));
        var doc = dynamo.getItem(b -> b.tableName(t).key(key("a"))).item().get("doc").m();
        assertEquals(List.of(n("1"), s("two"), s("appended")), doc.get("lst").l(), "an index past the end appends");
        assertEquals(s("two"), doc.get("added"));
        assertEquals("The document path provided in the update expression is invalid for update",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET nothere.x = :v").expressionAttributeValues(Map.of(":v", s("x"))))));
        assertEquals("The document path provided in the update expression is invalid for update",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("REMOVE nothere.x"))), "a nested REMOVE needs its parent");
        dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("REMOVE doc.lst[7], nothere"));
        assertEquals(3, dynamo.getItem(b -> b.tableName(t).key(key("a"))).item().get("doc").m().get("lst").l().size(), "removing what is not there changes nothing");
        assertEquals("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [doc], path two: [doc, added]",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET doc = :v REMOVE doc.added").expressionAttributeValues(Map.of(":v",
                        s("x"))))));
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("ADD hits :v").expressionAttributeValues(Map.of(":v", s("x"))))));
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: MAP",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET n = doc + :one").expressionAttributeValues(Map.of(":one", n("1"))))));
        assertEquals("The provided expression refers to an attribute that does not exist in the item",
                validation(() -> dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET n = absent + :one").expressionAttributeValues(Map.of(":one", n("1"))))));
    }

    @Test
    void projectionsKeepTheShapeOfNestedPaths() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "x", s("1"), "y", s("2"),
                "doc", AttributeValue.fromM(Map.of("lst", AttributeValue.fromL(List.of(n("0"), AttributeValue.fromM(Map.of("c", s("deep"), "d", s("no"))))))))));
        var item = dynamo.getItem(b -> b.tableName(t).key(key("a")).projectionExpression("x, doc.lst[1].c, #m").expressionAttributeNames(Map.of("#m", "missing"))).item();
        assertEquals(Map.of("x", s("1"), "doc", AttributeValue.fromM(Map.of("lst", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("c", s("deep")))))))), item);
    }
}
