package dev.flywheel.kit.envelope;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New ids sort by time; derived ids are the same for the same name, written as ULIDs, and differ between names. */
class IdsTest {
    @Test
    void newIdsAreUlidsInTheOrderTheyWereMade() {
        String first = Ids.next(), second = Ids.next();
        assertTrue(Ids.isUlid(first) && Ids.isUlid(second));
        assertTrue(first.compareTo(second) < 0, first + " then " + second);
    }

    @Test
    void aDerivedIdIsAFunctionOfItsName() {
        String id = Ids.derived("order#user-ada#checkout-7f3a2c");
        assertTrue(Ids.isUlid(id), id);
        assertEquals(id, Ids.derived("order#user-ada#checkout-7f3a2c"));
        assertNotEquals(id, Ids.derived("order#user-bob#checkout-7f3a2c"));
        // the SHA-256 of the name, first 128 bits: fixed here so that ids stay the same across versions (a repeat must find its order)
        assertEquals("17X42HR5ZQ4MR4AKXSH10AXYXA", id);
    }
}
