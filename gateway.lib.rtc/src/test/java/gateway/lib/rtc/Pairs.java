package gateway.lib.rtc;

/** Connects a controlling client peer to an ICE-lite server peer of this library, for tests. */
final class Pairs {
    private Pairs() {
    }

    /** A connected pair: the server sends audio, the client receives it. */
    record Pair(RtcPeer server, LoopbackTest.Events serverEvents, RtcPeer client, LoopbackTest.Events clientEvents,
                SessionDescription answer) {
        /** @return the server peer's ICE password, from its answer */
        String serverPwd() {
            return answer.media().get(0).attribute("ice-pwd").orElseThrow();
        }

        AudioSender sender() {
            return server.audioSender().orElseThrow();
        }
    }

    static Pair connect(RtcTransport server, RtcTransport client) throws Exception {
        LoopbackTest.Events serverEvents = new LoopbackTest.Events();
        LoopbackTest.Events clientEvents = new LoopbackTest.Events();
        RtcPeer listener = client.newControllingPeer(clientEvents);
        SessionDescription offer = listener.offer(LocalAudio.receive());
        RtcPeer speaker = server.newPeer(serverEvents);
        SessionDescription answer = speaker.answer(offer, LocalAudio.send());
        listener.accept(answer);
        serverEvents.awaitConnected();
        clientEvents.awaitConnected();
        return new Pair(speaker, serverEvents, listener, clientEvents, answer);
    }
}
