package gateway.sessions.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of sessions ends: the last session's creation time and id, as an opaque token. A page that starts
 * after a cursor is stable when sessions before it are deleted meanwhile.
 */
record PageCursor(Instant createdAt, String id) {

    String token() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "/" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    static PageCursor parse(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = raw.indexOf('/');
            int dot = raw.indexOf('.');
            if (slash < 0 || dot < 0 || dot > slash) throw new IllegalArgumentException("page_token is not one this API handed out");
            Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, slash)));
            return new PageCursor(at, raw.substring(slash + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("page_token is not one this API handed out");
        }
    }

    /** @return whether a session created at {@code at} with id {@code other} comes after this cursor */
    boolean before(Instant at, String other) {
        int c = createdAt.compareTo(at);
        return c < 0 || (c == 0 && id.compareTo(other) < 0);
    }
}
