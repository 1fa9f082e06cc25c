package dev.flywheel.local.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The front door fills {@code queryStringParameters} the way the HTTP API does in payload 2.0. */
class QueryStringParametersTest {

    @Test
    void decodedRepeatedNamesJoinedWithCommasAndNoQueryNoMap() {
        assertEquals(Map.of("limit", "2", "cursor", "a/b=c"), HttpApiEvents.queryStringParameters("limit=2&cursor=a%2Fb%3Dc"));
        assertEquals(Map.of("limit", "1,2"), HttpApiEvents.queryStringParameters("limit=1&limit=2"));
        assertEquals(Map.of("flag", "", "q", "x y"), HttpApiEvents.queryStringParameters("flag&&q=x+y"));
        assertEquals(Map.of("bad", "%zz"), HttpApiEvents.queryStringParameters("bad=%zz"), "a broken escape is passed on, not a failure");
        assertEquals(Map.of(), HttpApiEvents.queryStringParameters(""));
        assertEquals(Map.of(), HttpApiEvents.queryStringParameters(null));
    }
}
