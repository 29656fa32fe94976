package gateway.srt.internal;

/** Every slot of the gate is reserved or streaming. */
final class GateBusyException extends Exception {
    private static final long serialVersionUID = 1L;

    GateBusyException(int slots) {
        super(slots == 1 ? "another stream is already being handled" : "all " + slots + " stream slots are in use");
    }
}
