package gateway.lib.rtc.internal.sdp;

import gateway.lib.rtc.MediaDescription;
import gateway.lib.rtc.SdpAttribute;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SdpLine;
import gateway.lib.rtc.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SDP text into a {@link SessionDescription}: line framing and the {@code m=} line's fields. What the
 * values mean is checked by the negotiation, which can say which attribute is missing or wrong.
 */
public final class SdpParser {
    /** Lines read at most (a browser's offer with audio and video has about 100). */
    static final int MAX_LINES = 2000;
    /** Media sections read at most. */
    static final int MAX_MEDIA = 64;
    /** Longest excerpt of a bad line quoted in an error. */
    static final int EXCERPT = 60;

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpException {
        if (text.length() > SessionDescription.MAX_LENGTH) {
            throw new SdpException("the SDP is " + text.length() + " characters long; at most " + SessionDescription.MAX_LENGTH + " are read");
        }
        if (text.isBlank()) throw new SdpException("the SDP is empty");
        List<SdpLine> sessionLines = new ArrayList<>();
        List<SdpAttribute> sessionAttributes = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        Section current = null;
        int lineNo = 0;
        int start = 0;
        boolean sawOrigin = false;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            lineNo++;
            if (line.isEmpty()) {
                // a blank line at the very end is harmless; elsewhere it breaks the line-per-field grammar
                if (start >= text.length() || text.substring(start).isBlank()) break;
                throw new SdpException("line " + lineNo + " is empty");
            }
            if (lineNo > MAX_LINES) throw new SdpException("the SDP has more than " + MAX_LINES + " lines");
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException("line " + lineNo + ": '" + excerpt(line) + "' is not an SDP line (<letter>=<value>)");
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == 0) throw new SdpException("line " + lineNo + " contains a control character");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (lineNo == 1) {
                if (type != 'v' || !value.equals("0")) throw new SdpException("line 1 must be 'v=0', not '" + excerpt(line) + "'");
                sessionLines.add(new SdpLine(type, value));
                continue;
            }
            switch (type) {
                case 'v' -> throw new SdpException("line " + lineNo + ": 'v=' may only be the first line");
                case 'm' -> {
                    if (current != null) media.add(current.build());
                    if (media.size() == MAX_MEDIA) throw new SdpException("the SDP has more than " + MAX_MEDIA + " media sections");
                    current = mediaLine(value, lineNo);
                }
                case 'a' -> {
                    SdpAttribute a = attribute(value, lineNo);
                    if (current == null) sessionAttributes.add(a); else current.attributes.add(a);
                }
                default -> {
                    if (type == 'o') {
                        if (current != null) throw new SdpException("line " + lineNo + ": 'o=' belongs before the first 'm=' line");
                        if (value.split(" ", -1).length != 6) {
                            throw new SdpException("line " + lineNo + ": '" + excerpt(line) + "' is not an origin line "
                                    + "(o=<username> <sess-id> <sess-version> IN IP4 <address>)");
                        }
                        sawOrigin = true;
                    }
                    if (current == null) sessionLines.add(new SdpLine(type, value)); else current.lines.add(new SdpLine(type, value));
                }
            }
        }
        if (current != null) media.add(current.build());
        if (!sawOrigin) throw new SdpException("the SDP has no origin line (o=)");
        return new SessionDescription(sessionLines, sessionAttributes, media);
    }

    private static Section mediaLine(String value, int lineNo) throws SdpException {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw new SdpException("line " + lineNo + ": 'm=" + excerpt(value) + "' is not a media line (m=<media> <port> <proto> <formats>)");
        }
        for (String field : f) {
            if (field.isEmpty()) throw new SdpException("line " + lineNo + ": 'm=" + excerpt(value) + "' has an empty field");
        }
        String port = f[1];
        int slash = port.indexOf('/');
        if (slash >= 0) port = port.substring(0, slash); // <port>/<number of ports>
        int p;
        try {
            p = port.length() > 5 ? -1 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535 || !port.chars().allMatch(Character::isDigit)) {
            throw new SdpException("line " + lineNo + ": 'm=" + excerpt(value) + "' has no valid port");
        }
        Section s = new Section(f[0], p, f[2]);
        for (int i = 3; i < f.length; i++) s.formats.add(f[i]);
        return s;
    }

    private static SdpAttribute attribute(String value, int lineNo) throws SdpException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (name.isEmpty() || !name.chars().allMatch(SdpParser::tokenChar)) {
            throw new SdpException("line " + lineNo + ": 'a=" + excerpt(value) + "' has no valid attribute name");
        }
        return new SdpAttribute(name, colon < 0 ? null : value.substring(colon + 1));
    }

    /** RFC 8866 token characters. */
    private static boolean tokenChar(int c) {
        return c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')
                || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');
    }

    static String excerpt(String s) {
        String e = s.length() > EXCERPT ? s.substring(0, EXCERPT) + "…" : s;
        StringBuilder b = new StringBuilder(e.length());
        e.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static final class Section {
        final String media;
        final int port;
        final String protocol;
        final List<String> formats = new ArrayList<>();
        final List<SdpLine> lines = new ArrayList<>();
        final List<SdpAttribute> attributes = new ArrayList<>();

        Section(String media, int port, String protocol) {
            this.media = media;
            this.port = port;
            this.protocol = protocol;
        }

        MediaDescription build() {
            return new MediaDescription(media, port, protocol, formats, lines, attributes);
        }
    }
}
