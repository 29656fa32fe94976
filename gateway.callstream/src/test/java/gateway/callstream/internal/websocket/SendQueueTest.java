package gateway.callstream.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendQueueTest {
    @Test
    void theWriterTakesWhatManyThreadsAddInTheOrderEachAddedIt() throws Exception {
        SendQueue q = new SendQueue();
        int producers = 4, each = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) q.add(new int[] {id, i});
            }));
        }
        int[] next = new int[producers];
        for (int n = 0; n < producers * each; n++) {
            int[] item = (int[]) q.take(); // waits while the producers are behind
            assertEquals(next[item[0]]++, item[1], "producer " + item[0] + "'s items in order");
        }
        for (Thread t : threads) t.join();
        assertNull(q.poll(), "nothing more");
    }

    @Test
    void aWaitingWriterWakesForTheNextItemAndClearDropsWhatWaits() throws Exception {
        SendQueue q = new SendQueue();
        Object[] got = new Object[1];
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                got[0] = q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (writer.getState() != Thread.State.WAITING) Thread.onSpinWait(); // parked in take()
        q.add("frame");
        writer.join(10_000);
        assertEquals("frame", got[0]);
        q.add("a");
        q.add("b");
        q.clear();
        assertNull(q.poll());
    }
}
