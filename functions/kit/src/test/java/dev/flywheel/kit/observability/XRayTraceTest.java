package dev.flywheel.kit.observability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trace id is read from Lambda's trace header wherever the Root sits in it, and only when it is well formed. */
class XRayTraceTest {
    private static final String ROOT = "1-6b118df8-2950cc564bc4484d9e59d035";

    @AfterEach
    void clear() { System.clearProperty(XRayTrace.PROPERTY); }

    @Test
    void theRootOfTheInvocationsHeaderIsItsTraceId() {
        System.setProperty(XRayTrace.PROPERTY, "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");
        assertEquals(Optional.of(ROOT), XRayTrace.currentTraceId());
    }

    @Test
    void theRootIsFoundWhereverItStands() {
        assertEquals(Optional.of(ROOT), XRayTrace.rootOf("Parent=53995c3f42cd8ad8;Root=" + ROOT + ";Sampled=0"));
        assertEquals(Optional.of(ROOT), XRayTrace.rootOf("Root=" + ROOT));
        assertEquals(Optional.of(ROOT), XRayTrace.rootOf("Sampled=1; Root=" + ROOT + ";Lineage=a87bd80c:1"));
    }

    @Test
    void noHeaderOrAMalformedRootIsNoTrace() {
        assertEquals(Optional.empty(), XRayTrace.rootOf(null));
        assertEquals(Optional.empty(), XRayTrace.rootOf(""));
        assertEquals(Optional.empty(), XRayTrace.rootOf("Parent=53995c3f42cd8ad8;Sampled=1"), "no Root");
        assertEquals(Optional.empty(), XRayTrace.rootOf("Root=1-6b118df8-2950cc56"), "too short");
        assertEquals(Optional.empty(), XRayTrace.rootOf("Root=1-6B118DF8-2950CC564BC4484D9E59D035"), "X-Ray ids are lower-case hex");
        assertEquals(Optional.empty(), XRayTrace.rootOf("Root=" + ROOT + "ff;Sampled=1"), "too long");
        assertEquals(Optional.empty(), XRayTrace.rootOf("NotRoot=" + ROOT));
    }
}
