package dev.flywheel.local.gateway;

import java.util.concurrent.atomic.LongAdder;

/** What the front door has answered so far (cumulative): the dashboard's API chart and the tests read it. */
public final class ApiTraffic {
    final LongAdder requests = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder errors5xx = new LongAdder();

    public long requests() { return requests.sum(); }

    public long throttled() { return throttled.sum(); }

    public long unauthorized() { return unauthorized.sum(); }

    public long errors5xx() { return errors5xx.sum(); }
}
