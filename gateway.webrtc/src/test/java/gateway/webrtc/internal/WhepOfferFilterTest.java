package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

/** Which requests the WHEP offer filter takes as {@code POST /whep/{stream}}, and the stream id it reads from them. */
class WhepOfferFilterTest {

    @Test
    void oneSegmentBelowWhepIsTheStreamPercentDecodedAsJaxRsDoes() {
        assertEquals("radio-1", WhepOfferFilter.stream(request("", "/whep/radio-1")));
        assertEquals("a b+c", WhepOfferFilter.stream(request("", "/whep/a%20b+c")));
        assertEquals("x", WhepOfferFilter.stream(request("/ctx", "/ctx/whep/x")));
    }

    @Test
    void everyOtherPathIsLeftToTheResource() {
        assertNull(WhepOfferFilter.stream(request("", "/whep")));
        assertNull(WhepOfferFilter.stream(request("", "/whep/")));
        assertNull(WhepOfferFilter.stream(request("", "/whep/s/session")));
        assertNull(WhepOfferFilter.stream(request("", "/whep/s;matrix=1")));
        assertNull(WhepOfferFilter.stream(request("", "/whep/bad%zz")));
        assertNull(WhepOfferFilter.stream(request("", "/rtc/whip/s")));
        assertNull(WhepOfferFilter.stream(request("/ctx", "/other/whep/x")));
    }

    private static HttpServletRequest request(String context, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(WhepOfferFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> context;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
