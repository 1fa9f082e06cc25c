package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutItem, GetItem, UpdateItem, DeleteItem as the API reference and the developer guide ("Working with items",
 * "Supported data types", "Service quotas") describe them; expected values and messages come from there.
 */
class ItemsConformanceTest extends EngineTest {

    @Test
    void numbersAreStoredCanonicallyWithAllTypesRoundTripping() {
        String t = table();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("a"));
        item.put("n1", n("1.50"));
        item.put("n2", n("0100"));
        item.put("n3", n("-0"));
        item.put("n4", n("1E+3"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")));
        item.put("bool", AttributeValue.fromBool(false));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("l", AttributeValue.fromL(List.of(s("x"), n("2"))));
        item.put("m", AttributeValue.fromM(Map.of("k", s("v"))));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.0")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
        item.put("empty", s(""));
        dynamo.putItem(b -> b.tableName(t).item(item));
        Map<String, AttributeValue> got = dynamo.getItem(b -> b.tableName(t).key(key("a"))).item();
        assertEquals("1.5", got.get("n1").n());
        assertEquals("100", got.get("n2").n());
        assertEquals("0", got.get("n3").n());
        assertEquals("1000", got.get("n4").n());
        assertEquals("bytes", got.get("b").b().asUtf8String());
        assertEquals(false, got.get("bool").bool());
        assertTrue(got.get("nul").nul());
        assertEquals(List.of(s("x"), n("2")), got.get("l").l());
        assertEquals(Map.of("k", s("v")), got.get("m").m());
        assertEquals(List.of("a", "b"), got.get("ss").ss());
        assertEquals(List.of("1", "2"), got.get("ns").ns());
        assertEquals("", got.get("empty").s(), "empty strings are allowed outside keys since 2020");
    }

    @Test
    void aMissingItemAnswersNoItem() {
        String t = table();
        assertFalse(dynamo.getItem(b -> b.tableName(t).key(key("nothing"))).hasItem());
    }

    @Test
    void putReplacesTheWholeItemAndCanReturnTheOldOne() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "x", s("1"), "y", s("2"))));
        var old = dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "x", s("3"))).returnValues(ReturnValue.ALL_OLD)).attributes();
        assertEquals(Map.of("pk", s("a"), "x", s("1"), "y", s("2")), old);
        assertEquals(Map.of("pk", s("a"), "x", s("3")), dynamo.getItem(b -> b.tableName(t).key(key("a"))).item());
    }

    @Test
    void aFailedConditionWritesNothingAndCanReturnTheItemAsItIs() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "v", n("1"))));
        var e = assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName(t)
                .item(Map.of("pk", s("a"), "v", n("2"))).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("The conditional request failed", e.awsErrorDetails().errorMessage());
        assertEquals(Map.of("pk", s("a"), "v", n("1")), e.item());
        assertEquals("1", dynamo.getItem(b -> b.tableName(t).key(key("a"))).item().get("v").n());
    }

    @Test
    void updateCreatesTheItemWhenMissingAndReturnsWhatWasAskedFor() {
        String t = table();
        var created = dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = :one")
                .expressionAttributeValues(Map.of(":one", n("1"))).returnValues(ReturnValue.ALL_NEW)).attributes();
        assertEquals(Map.of("pk", s("a"), "v", n("1")), created);
        var updatedOld = dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = v + :one, w = :w")
                .expressionAttributeValues(Map.of(":one", n("1"), ":w", s("x"))).returnValues(ReturnValue.UPDATED_OLD)).attributes();
        assertEquals(Map.of("v", n("1")), updatedOld, "UPDATED_OLD: only the updated attributes, as they were (w did not exist)");
        var updatedNew = dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET v = v - :one")
                .expressionAttributeValues(Map.of(":one", n("1"))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertEquals(Map.of("v", n("1")), updatedNew);
    }

    @Test
    void updateActionsFollowTheDeveloperGuide() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "lst", AttributeValue.fromL(List.of(s("a"), s("b"), s("c"))),
                "tags", AttributeValue.fromSs(List.of("x", "y")), "gone", s("soon"))));
        dynamo.updateItem(b -> b.tableName(t).key(key("a"))
                .updateExpression("SET lst = list_append(lst, :more), hits = if_not_exists(hits, :zero) REMOVE gone ADD tally :five, tags :z")
                .expressionAttributeValues(Map.of(":more", AttributeValue.fromL(List.of(s("d"))), ":zero", n("0"), ":five", n("5"),
                        ":z", AttributeValue.fromSs(List.of("z")))));
        dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("DELETE tags :x").expressionAttributeValues(Map.of(":x", AttributeValue.fromSs(List.of("x")))));
        var item = dynamo.getItem(b -> b.tableName(t).key(key("a"))).item();
        assertEquals(List.of(s("a"), s("b"), s("c"), s("d")), item.get("lst").l());
        assertEquals("0", item.get("hits").n());
        assertEquals("5", item.get("tally").n(), "ADD on a missing number starts from 0");
        assertEquals(List.of("y", "z"), item.get("tags").ss().stream().sorted().toList());
        assertFalse(item.containsKey("gone"));
        dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("REMOVE lst[0], lst[2] DELETE tags :all")
                .expressionAttributeValues(Map.of(":all", AttributeValue.fromSs(List.of("y", "z")))));
        item = dynamo.getItem(b -> b.tableName(t).key(key("a"))).item();
        assertEquals(List.of(s("b"), s("d")), item.get("lst").l(), "indexes name the elements as they were before the update");
        assertFalse(item.containsKey("tags"), "a set emptied by DELETE is removed");
    }

    @Test
    void theKeyCannotBeUpdated() {
        String t = table();
        var e = assertThrows(DynamoDbException.class, () -> dynamo.updateItem(b -> b.tableName(t).key(key("a"))
                .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("b")))));
        assertEquals("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key", e.awsErrorDetails().errorMessage());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    @Test
    void deleteCanReturnTheOldItemAndAConditionGuardsIt() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "v", n("1"))));
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.deleteItem(b -> b.tableName(t).key(key("a"))
                .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))));
        var old = dynamo.deleteItem(b -> b.tableName(t).key(key("a")).returnValues(ReturnValue.ALL_OLD)).attributes();
        assertEquals(Map.of("pk", s("a"), "v", n("1")), old);
        assertFalse(dynamo.getItem(b -> b.tableName(t).key(key("a"))).hasItem());
    }

    @Test
    void keysMustMatchTheSchema() {
        String t = table(ScalarAttributeType.N);
        assertEquals("The provided key element does not match the schema", validation(() -> dynamo.getItem(b -> b.tableName(t).key(key("a")))));
        assertEquals("One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("1"))))));
        assertEquals("One or more parameter values were invalid: Missing the key sk in the item",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"))))));
        assertEquals("One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s(""), "sk", n("1"))))));
    }

    @Test
    void limitsAreDynamoDbs() {
        String t = table(ScalarAttributeType.S);
        String big = "x".repeat(400 * 1024);
        assertEquals("Item size has exceeded the maximum allowed size",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", s(big))))));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("p".repeat(2048)), "sk", s("s".repeat(1024)))));
        assertTrue(validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("p".repeat(2049)), "sk", s("b")))))
                .contains("Size of hashkey has exceeded the maximum size limit of2048 bytes"));
        assertTrue(validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("s".repeat(1025))))))
                .contains("Aggregated size of all range keys has exceeded the size limit of 1024 bytes"));
        assertEquals("Attempting to store more than 38 significant digits in a Number",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", n("1".repeat(39)))))));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", n("9".repeat(38)))));
        assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", n("1E+126"))))));
        assertEquals("Number underflow. Attempting to store a number with magnitude smaller than supported range",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", n("1E-131"))))));
        assertEquals("A value provided cannot be converted into a number",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", n("one"))))));
        assertEquals("One or more parameter values were invalid: An string set  may not be empty",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", AttributeValue.fromSs(List.of()))))));
        assertTrue(validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "sk", s("b"), "v", AttributeValue.fromSs(List.of("x", "x"))))))
                .contains("contains duplicates"));
    }

    @Test
    void putAndDeleteAcceptOnlyTheirReturnValues() {
        String t = table();
        assertEquals("ReturnValues can only be ALL_OLD or NONE",
                validation(() -> dynamo.putItem(b -> b.tableName(t).item(key("a")).returnValues(ReturnValue.ALL_NEW))));
    }

    @Test
    void aMissingTableIsResourceNotFound() {
        var e = assertThrows(ResourceNotFoundException.class, () -> dynamo.getItem(b -> b.tableName("no_such_table").key(key("a"))));
        assertEquals("Requested resource not found", e.awsErrorDetails().errorMessage());
    }

    static String validation(Runnable call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, call::run);
        assertEquals("ValidationException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        return e.awsErrorDetails().errorMessage();
    }
}
