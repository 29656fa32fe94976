package gateway.sessions.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a session token allows, as the original names it: publishers read, write and edit; subscribers read and edit.
 */
enum Right {
    /** Receive the session's audio and read its task ({@code get_task}). */
    READ,
    /** Send the session's input: publish audio, {@code input_audio_data}, change the task's input stream. */
    WRITE,
    /** Change the task's pipeline and outputs, pause and end it. */
    EDIT;

    static final Set<Right> PUBLISHER = EnumSet.allOf(Right.class);
    static final Set<Right> SUBSCRIBER = EnumSet.of(READ, EDIT);

    /** @return lower-case names, as the token's metadata carries them */
    static List<String> names(Set<Right> rights) {
        return rights.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
