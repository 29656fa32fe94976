package gateway.rooms.ingress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.rooms.IngressInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressJournalTest {
    @TempDir
    Path dir;

    @Test
    void savedIngressesComeBackOldestFirstWithTheirKeysAndOnlyTheirOwnerReadsThem() throws Exception {
        IngressJournal journal = new IngressJournal(dir.resolve("ingress"));
        IngressJournal.Entry pull = new IngressJournal.Entry("IN_pull00000000", IngressInput.URL_INPUT, "", "srt://h:1?passphrase=p w=x",
                "", "room 1", "radio", "Radio", "{\"a\":1}", true, 2_000, true);
        IngressJournal.Entry whip = new IngressJournal.Entry("IN_whip00000000", IngressInput.WHIP_INPUT, "key24characterslong00000",
                "http://127.0.0.1:1/rtc/ingress/whip", "name", "room 1", "encoder", "", "", false, 1_000, false);
        journal.save(pull);
        journal.save(whip);
        assertEquals(List.of(whip, pull), journal.load());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ingress/IN_whip00000000.properties"))));
        journal.save(pull.running(false));
        assertEquals(false, journal.load().get(1).running());
        journal.delete(whip.id());
        assertEquals(1, journal.load().size());
        assertEquals(0, journal.srtPort());
        journal.srtPort(10_500);
        assertEquals(10_500, journal.srtPort());
    }

    @Test
    void aFileThatCannotBeReadIsSetAside() throws Exception {
        IngressJournal journal = new IngressJournal(dir);
        Files.writeString(dir.resolve("IN_broken000000.properties"), "id = IN_broken000000\ninput = NOT_AN_INPUT\n");
        assertTrue(journal.load().isEmpty());
        assertTrue(Files.exists(dir.resolve("IN_broken000000.properties.bad")));
    }
}
