package gateway.lib.rtc;

/** What a peer does with its audio: the gateway's side of the media section. */
public enum AudioDirection {
    /** The gateway sends audio to the remote party (playback to a listener: {@code a=sendonly} on this side). */
    SEND,
    /** The gateway receives audio from the remote party (a publisher: {@code a=recvonly} on this side). */
    RECEIVE
}
