package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forwarding is behind while any played stream has 10 packets or more waiting, until it is down to 5 or fewer. */
class ForwardingLagTest {

    @Test
    void behindWhileAnyStreamLagsWithHysteresisAndAClosedFanoutCountsNoMore() {
        ForwardingLag lag = new ForwardingLag();
        ForwardingLag.Stream a = lag.stream(50), b = lag.stream(50);
        a.backlog(9);
        assertFalse(lag.behind(), "9 packets (180 ms) waiting is not behind yet");
        a.backlog(10);
        b.backlog(30);
        assertTrue(lag.behind());
        a.backlog(6);
        assertTrue(a.isBehind(), "behind until caught up, not just below the threshold");
        a.backlog(5);
        assertFalse(a.isBehind());
        assertTrue(lag.behind(), "the other stream is still behind");
        b.backlog(40);
        b.clear(); // its fan-out closed
        b.clear();
        assertFalse(lag.behind());
        a.backlog(-1); // the registry counts a packet before it queues it: never below -1
        assertFalse(lag.behind());
        ForwardingLag.Stream small = lag.stream(4);
        small.backlog(2);
        assertTrue(lag.behind(), "a queue of 4 is behind at half of it");
        small.backlog(1);
        assertFalse(lag.behind());
    }
}
