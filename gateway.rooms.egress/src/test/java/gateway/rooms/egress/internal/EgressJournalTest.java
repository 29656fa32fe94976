package gateway.rooms.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressJournalTest {
    @TempDir
    Path dir;

    @Test
    void savedEgressesComeBackOldestFirstAndOnlyTheirOwnerReadsThem() throws Exception {
        EgressJournal journal = new EgressJournal(dir.resolve("egress"));
        EgressJournal.Entry later = new EgressJournal.Entry("EG_later0000000", "RM_x", EgressRequest.Kind.ROOM_COMPOSITE, "r", null, null,
                List.of("srt://127.0.0.1:9000?passphrase=a-long-secret"), EgressStatus.EGRESS_ACTIVE, 2_000, 2_100,
                List.of(new EgressInfo.File("rec1", 2_100, 0, 0, 10, "recording")));
        EgressJournal.Entry earlier = new EgressJournal.Entry("EG_earlier00000", "RM_x", EgressRequest.Kind.TRACK, "r", null, "TR_a",
                List.of(), EgressStatus.EGRESS_STARTING, 1_000, 0, List.of());
        journal.save(later);
        journal.save(earlier);
        assertEquals(List.of(earlier, later), journal.load());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("egress/EG_later0000000.json"))));
        journal.delete(earlier.id());
        assertEquals(List.of(later), journal.load());
    }

    @Test
    void aFileThatCannotBeReadIsSetAside() throws Exception {
        EgressJournal journal = new EgressJournal(dir);
        Files.writeString(dir.resolve("EG_broken0000000.json"), "{not json");
        assertTrue(journal.load().isEmpty());
        assertTrue(Files.exists(dir.resolve("EG_broken0000000.json.bad")));
    }
}
