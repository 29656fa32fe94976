package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forwarding is behind while any played stream has 10 packets or more waiting, until it is down to 5 or fewer. */
class ForwardingLagTest {

    @Test
    void behindWhileAnyStreamLagsWithHysteresisAndAClosedFanoutCountsNoMore() {
        ForwardingLag lag = new ForwardingLag();
        ForwardingLag.Stream a = lag.stream(), b = lag.stream();
        a.backlog(9, 50);
        assertFalse(lag.behind(), "9 packets (180 ms) waiting is not behind yet");
        a.backlog(10, 50);
        b.backlog(30, 50);
        assertTrue(lag.behind());
        a.backlog(6, 50);
        assertTrue(a.isBehind(), "behind until caught up, not just below the threshold");
        a.backlog(5, 50);
        assertFalse(a.isBehind());
        assertTrue(lag.behind(), "the other stream is still behind");
        b.backlog(40, 50);
        b.clear(); // its fan-out closed
        b.clear();
        assertFalse(lag.behind());
        a.backlog(-1, 50); // the registry counts a packet before it queues it: never below -1
        assertFalse(lag.behind());
        ForwardingLag.Stream small = lag.stream();
        small.backlog(2, 4);
        assertTrue(lag.behind(), "a queue of 4 is behind at half of it");
        small.backlog(1, 4);
        assertFalse(lag.behind());
    }
}
