package gateway.rooms.internal;

import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtMessage;
import java.time.Duration;

/** An SRT caller's messages (Ogg pages, as the SRT ingest takes them); its disconnect is the normal end. */
final class SrtSource implements ByteSource {
    private final SrtConnection connection;

    SrtSource(SrtConnection connection) {
        this.connection = connection;
    }

    @Override
    public int read(byte[] buffer) throws InterruptedException {
        try {
            SrtMessage m = connection.receive(Duration.ofSeconds(1));
            if (m == null) return 0;
            byte[] p = m.payload();
            if (p.length > buffer.length) throw new IllegalStateException("an SRT message larger than " + buffer.length + " bytes");
            System.arraycopy(p, 0, buffer, 0, p.length);
            return p.length;
        } catch (SrtClosedException closed) {
            return -1;
        }
    }

    @Override
    public String describe() {
        return "the SRT caller " + connection.peer();
    }

    @Override
    public void close() {
        connection.close();
    }
}
