package gateway.rooms.internal;

import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;

/** How an ingress's participant leaves its room when its input ends: its track first, then the participant. */
final class IngressDeparture {
    private IngressDeparture() {
    }

    /**
     * Unpublishes the track (when there is one; a room or participant already gone is no error) and closes the
     * participant's registration (when there is one).
     */
    static void leave(RoomService rooms, IngressPushRequest who, TrackInfo track, RoomService.Registration registration) {
        if (track != null) {
            try {
                rooms.unpublish(who.room(), who.identity(), track.sid());
            } catch (RuntimeException goneAlready) {
                // the participant or the room is gone already
            }
        }
        if (registration != null) registration.close();
    }
}
