package gateway.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementAccessTest {
    @TempDir
    Path data;

    @Test
    void loopbackWithoutTokenIsOpen() {
        ManagementAccess a = ManagementAccess.decide("127.0.0.1", "", data);
        assertFalse(a.required());
        assertTrue(a.permits(null));
        assertFalse(Files.exists(data.resolve(ManagementAccess.TOKEN_FILE)));
    }

    @Test
    void beyondLoopbackAGeneratedTokenIsRequiredAndKept() throws Exception {
        ManagementAccess a = ManagementAccess.decide("0.0.0.0", "", data);
        assertTrue(a.required());
        Path file = data.resolve(ManagementAccess.TOKEN_FILE);
        String token = Files.readString(file).trim();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(a.permits(null));
        assertFalse(a.permits("Bearer nope"));
        assertFalse(a.permits("Basic " + token));
        assertTrue(a.permits("Bearer " + token));
        assertTrue(a.permits("bearer  " + token));
        ManagementAccess again = ManagementAccess.decide("0.0.0.0", "", data);
        assertTrue(again.permits("Bearer " + token), "the same token after a restart");
    }

    @Test
    void aConfiguredTokenWinsEverywhere() {
        ManagementAccess a = ManagementAccess.decide("localhost", "s3cret-token", data);
        assertTrue(a.required());
        assertTrue(a.permits("Bearer s3cret-token"));
        assertFalse(a.permits("Bearer s3cret-token2"));
    }

    @Test
    void aRefusalSaysWhy() {
        ManagementAccess a = ManagementAccess.withToken("s3cret-token");
        assertEquals(ManagementRefusalCounter.Reason.MISSING_TOKEN, a.check(null));
        assertEquals(ManagementRefusalCounter.Reason.MISSING_TOKEN, a.check(" "));
        assertEquals(ManagementRefusalCounter.Reason.NOT_BEARER, a.check("Basic czNjcmV0LXRva2Vu"));
        assertEquals(ManagementRefusalCounter.Reason.WRONG_TOKEN, a.check("Bearer s3cret"));
        assertEquals(null, a.check("Bearer s3cret-token"));
        assertEquals(null, ManagementAccess.open().check(null));
        assertEquals(ManagementRefusalCounter.Reason.WRONG_TOKEN, ManagementAccess.denyAll().check("Bearer "));
    }
}
