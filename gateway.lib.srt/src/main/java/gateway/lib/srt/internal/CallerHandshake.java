package gateway.lib.srt.internal;

import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtRejectedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.function.IntSupplier;

/**
 * The caller's side of the v5 handshake (induction, then the conclusion with HSREQ, KMREQ and stream id), the same
 * for a caller that sends and one that receives: in live mode both directions share the initial sequence number and
 * the stream key the caller announces.
 *
 * @param peerId     the listener's socket id
 * @param initialSeq the initial sequence number of both directions
 * @param sek        the stream key, or null without encryption
 * @param salt       the key material's salt, or null
 * @param kek        the key-encrypting key derived from the passphrase, or null
 * @param keyLength  the key length in bytes, or 0
 * @param listener   the listener's HSRSP options, or null when it sent none
 */
record CallerHandshake(int peerId, int initialSeq, byte[] sek, byte[] salt, byte[] kek, int keyLength, HandshakeOptions listener) {

    /**
     * Runs the handshake on a connected channel in non-blocking mode; leaves it in blocking mode.
     *
     * @param channel   connected to the listener
     * @param o         the caller's options
     * @param localId   the caller's socket id
     * @param timestamp the connection's clock for the packets' timestamps
     * @return what was agreed
     * @throws SrtRejectedException the listener refused
     * @throws IOException          nothing answered within the connect timeout, or the socket failed
     */
    static CallerHandshake run(DatagramChannel channel, SrtCallerOptions o, int localId, IntSupplier timestamp) throws IOException {
        SecureRandom random = new SecureRandom();
        InetSocketAddress peer = o.target();
        int isn = random.nextInt(SeqNo.MAX);
        KeyMaterial km = null;
        byte[] salt = null;
        byte[] sek = null;
        byte[] kek = null;
        if (o.passphrase() != null) {
            salt = new byte[16];
            sek = new byte[o.keyLength()];
            random.nextBytes(salt);
            random.nextBytes(sek);
            kek = SrtCrypto.kek(o.passphrase(), salt, o.keyLength());
            km = new KeyMaterial(1, salt, o.keyLength(), SrtCrypto.wrap(kek, sek));
        }
        int latencyMs = (int) o.latency().toMillis();
        long deadline = System.nanoTime() + o.connectTimeout().toNanos();
        int cookie = 0;
        boolean induced = false;
        ByteBuffer in = ByteBuffer.allocate(2048);
        ByteBuffer out = ByteBuffer.allocate(1500);
        while (System.nanoTime() < deadline) {
            Handshake h = induced ? HandshakeExchange.conclusionRequest(localId, isn, cookie, latencyMs, km, o.streamId())
                    : HandshakeExchange.inductionRequest(localId, isn);
            channel.write(h.write(out, timestamp.getAsInt(), 0));
            long waitUntil = Math.min(deadline, System.nanoTime() + 250_000_000L);
            while (System.nanoTime() < waitUntil) {
                in.clear();
                try {
                    if (channel.read(in) <= 0) {
                        sleepBriefly();
                        continue;
                    }
                } catch (java.net.PortUnreachableException e) {
                    sleepBriefly(); // nobody listening yet; retry until the deadline
                    continue;
                }
                in.flip();
                if (in.limit() < Packets.HEADER || !Packets.isControl(in) || Packets.controlType(in) != Packets.HANDSHAKE) continue;
                Handshake r = Handshake.parse(in);
                if (r == null) continue;
                int rejection = HandshakeExchange.rejectionCode(r);
                if (rejection >= 0) throw new SrtRejectedException(rejection);
                if (!induced && r.type == Handshake.INDUCTION) {
                    cookie = r.cookie;
                    induced = true;
                    break;
                }
                if (induced && r.type == Handshake.CONCLUSION) {
                    if (km != null && r.extension(Handshake.CMD_KMRSP) == null) {
                        throw new SrtRejectedException(RejectReason.UNSECURE, "the listener did not accept the key material");
                    }
                    Handshake.Extension hsrsp = r.extension(Handshake.CMD_HSRSP);
                    HandshakeOptions listener = hsrsp == null ? null : HandshakeOptions.parse(hsrsp.content());
                    channel.configureBlocking(true);
                    return new CallerHandshake(r.socketId, isn, sek, salt, kek, km == null ? 0 : o.keyLength(), listener);
                }
            }
        }
        throw new IOException("no SRT handshake answer from " + peer + " within " + o.connectTimeout().toMillis() + " ms");
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while connecting");
        }
    }
}
