package gateway.lib.rtc.internal.ice;

import gateway.lib.rtc.internal.sdp.Candidate;
import gateway.lib.rtc.internal.stun.StunIntegrity;
import gateway.lib.rtc.internal.stun.StunMessage;
import gateway.lib.rtc.internal.stun.StunWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The checks a controlling agent sends to an ICE-lite remote party (RFC 8445 §2.5: the full agent checks, the
 * lite one answers): binding requests with USE-CANDIDATE (aggressive nomination, which RFC 8445 leaves to
 * lite peers' partners) to each remote UDP candidate every 50 ms until one succeeds, then one every 4–6 s on the
 * selected pair as consent (RFC 7675). Runs on the transport's receive thread; not thread-safe.
 */
public final class ConnectivityChecks {
    static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    /** Peer-reflexive priority this side claims (RFC 8445 §7.1.1). */
    static final long PRIORITY = (110L << 24) | (65535L << 8) | 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where checks go out and answers are registered. */
    public interface Wire {
        /** Sends a request to a remote candidate and expects its answer under this transaction id. */
        void send(byte[] buf, int len, InetSocketAddress to, TransactionId id);
    }

    private final List<Candidate> candidates;
    private final String username;
    private final StunIntegrity remoteIntegrity;
    private final long tieBreaker = RANDOM.nextLong();
    private final byte[] buffer = new byte[256];
    private final StunWriter writer = new StunWriter(buffer);
    private final CRC32 crc = new CRC32();
    private final Wire wire;
    private long next;

    /**
     * @param candidates  the remote party's UDP candidates
     * @param localUfrag  this side's username fragment
     * @param remoteUfrag the remote party's username fragment
     * @param remotePwd   the remote party's password (requests are signed with it)
     */
    public ConnectivityChecks(List<Candidate> candidates, String localUfrag, String remoteUfrag, String remotePwd, Wire wire) {
        this.candidates = List.copyOf(candidates);
        this.username = remoteUfrag + ":" + localUfrag;
        this.remoteIntegrity = new StunIntegrity(remotePwd);
        this.wire = wire;
    }

    /** @return whether there is any candidate to check */
    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /**
     * Sends what is due.
     *
     * @param selected the selected remote address, or {@code null} while none succeeded
     */
    public void tick(long now, InetSocketAddress selected) {
        if (now - next < 0) return;
        if (selected == null) {
            for (Candidate c : candidates) request(c.address());
            next = now + CHECK_INTERVAL_NANOS;
        } else {
            request(selected);
            next = now + 4_000_000_000L + (long) (RANDOM.nextDouble() * 2_000_000_000L);
        }
    }

    /**
     * Checks an answer to one of this side's requests (the transport found it by its transaction id).
     *
     * @return whether it is a success with a valid MESSAGE-INTEGRITY (signed with the remote password)
     */
    public boolean success(StunMessage response) {
        return response.type() == StunMessage.BINDING_SUCCESS && response.integrityValid(remoteIntegrity);
    }

    private void request(InetSocketAddress to) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        writer.start(StunMessage.BINDING_REQUEST, id).username(username).unsignedInt(StunMessage.ATTR_PRIORITY, PRIORITY)
                .longValue(StunMessage.ATTR_ICE_CONTROLLING, tieBreaker).flag(StunMessage.ATTR_USE_CANDIDATE)
                .integrity(remoteIntegrity).fingerprint(crc);
        wire.send(buffer, writer.length(), to, TransactionId.of(id, 0));
    }
}
