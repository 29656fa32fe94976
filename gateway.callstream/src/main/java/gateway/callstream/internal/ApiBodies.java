package gateway.callstream.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/** The bodies of Plivo's Audio Stream API as the gateway writes them (snake_case, as Plivo's SDKs read them). */
public final class ApiBodies {
    private static final String API_ID = "An id of this request (a new UUID each time)";

    private ApiBodies() {
    }

    /** Plivo's error body. */
    @Schema(description = "An error, in Plivo's shape")
    public record Error(
            @Schema(description = API_ID, requiredMode = RequiredMode.REQUIRED) String api_id,
            @Schema(description = "What is wrong, e.g. the parameter at fault and what it must be", requiredMode = RequiredMode.REQUIRED,
                    example = "content_type must be audio/x-l16;rate=8000, audio/x-l16;rate=16000 or audio/x-mulaw;rate=8000, not 'audio/wav'")
            String error) {
    }

    /** The answer to a start request. */
    @Schema(description = "The stream was created; the gateway now dials the service")
    public record Started(
            @Schema(description = API_ID, requiredMode = RequiredMode.REQUIRED) String api_id,
            @Schema(description = "Always \"audio streaming started\"", requiredMode = RequiredMode.REQUIRED) String message,
            @Schema(description = "The new stream's id", requiredMode = RequiredMode.REQUIRED) String stream_id) {
    }

    /** The parameters of a start request (JSON or form). */
    @Schema(description = "The stream to start, as Plivo's Audio Stream API takes it")
    public record StartParameters(
            @Schema(description = "The WebSocket to dial: ws:// or wss://", requiredMode = RequiredMode.REQUIRED,
                    example = "wss://mystream.example.com/audiostream") String service_url,
            @Schema(description = "Whether the service may send audio back (playAudio, checkpoint, clearAudio)", defaultValue = "false")
            Boolean bidirectional,
            @Schema(description = "What is forked: the call's own audio (inbound), what the gateway plays into it (outbound), or both; "
                    + "must stay inbound when bidirectional", allowableValues = {"inbound", "outbound", "both"}, defaultValue = "inbound")
            String audio_track,
            @Schema(description = "Seconds audio flows at most once streaming started", minimum = "1", defaultValue = "86400")
            Long stream_timeout,
            @Schema(description = "Where status callbacks go (http or https)") String status_callback_url,
            @Schema(description = "How status callbacks are sent", allowableValues = {"GET", "POST"}, defaultValue = "POST")
            String status_callback_method,
            @Schema(description = "The payload format of the media messages",
                    allowableValues = {"audio/x-l16;rate=8000", "audio/x-l16;rate=16000", "audio/x-mulaw;rate=8000"},
                    defaultValue = "audio/x-l16;rate=8000") String content_type,
            @Schema(description = "key=value pairs separated by commas, at most 512 bytes; sent to the service in its messages",
                    example = "Test1=Test2,Test3=Test4") String extra_headers) {
    }

    /** One stream, as Plivo shows it; billing fields are zero (the gateway bills nothing). */
    @Schema(description = "A stream of a call")
    public record StreamObject(
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = API_ID + "; only when the stream is read alone") String api_id,
            @Schema(description = "inbound, outbound or both", requiredMode = RequiredMode.REQUIRED) String audio_track,
            @Schema(description = "Whether the service may send audio back", requiredMode = RequiredMode.REQUIRED) boolean bidirectional,
            @Schema(description = "Seconds streamed so far (or in all, once ended)", requiredMode = RequiredMode.REQUIRED) long bill_duration,
            @Schema(description = "Always \"0.00000\": the gateway bills nothing", requiredMode = RequiredMode.REQUIRED) String billed_amount,
            @Schema(description = "The call (the gateway's live stream id)", requiredMode = RequiredMode.REQUIRED) String call_uuid,
            @Schema(description = "The payload format", requiredMode = RequiredMode.REQUIRED) String content_type,
            @Schema(description = "When the stream was requested (UTC, microseconds)", requiredMode = RequiredMode.REQUIRED) String created_at,
            @Schema(description = "When it ended, or null", nullable = true) String end_time,
            @Schema(description = "The account", requiredMode = RequiredMode.REQUIRED) String plivo_auth_id,
            @Schema(description = "This stream's path", requiredMode = RequiredMode.REQUIRED) String resource_uri,
            @Schema(description = "bill_duration rounded up to whole minutes", requiredMode = RequiredMode.REQUIRED) long rounded_bill_duration,
            @Schema(description = "The WebSocket", requiredMode = RequiredMode.REQUIRED) String service_url,
            @Schema(description = "When audio started to flow, or null while connecting", nullable = true) String start_time,
            @Schema(description = "The stream's id", requiredMode = RequiredMode.REQUIRED) String stream_id,
            @Schema(description = "connecting, streaming, stopped or dropped", requiredMode = RequiredMode.REQUIRED) String status,
            @Schema(description = "Seconds audio flows at most", requiredMode = RequiredMode.REQUIRED) long stream_timeout,
            @Schema(description = "Where status callbacks go, or null", nullable = true) String status_callback_url,
            @Schema(description = "GET or POST", requiredMode = RequiredMode.REQUIRED) String status_callback_method,
            @Schema(description = "The extra_headers as given, or null", nullable = true) String extra_headers,
            @Schema(description = "Why it ended, once it has", nullable = true) String end_reason,
            @Schema(description = "A bidirectional stream's reply stream (a live stream of the gateway), while it plays", nullable = true)
            String reply_stream) {
    }

    /** Plivo's paging. */
    @Schema(description = "Where this page lies in the list")
    public record Meta(
            @Schema(description = "Streams per page (1–20)", requiredMode = RequiredMode.REQUIRED) int limit,
            @Schema(description = "The next page's path, or null", nullable = true) String next,
            @Schema(description = "Streams skipped", requiredMode = RequiredMode.REQUIRED) int offset,
            @Schema(description = "The previous page's path, or null", nullable = true) String previous,
            @Schema(description = "Streams in all", requiredMode = RequiredMode.REQUIRED) int total_count) {
    }

    /** A page of a call's streams. */
    @Schema(description = "The streams of a call, oldest first")
    public record StreamList(
            @Schema(description = API_ID, requiredMode = RequiredMode.REQUIRED) String api_id,
            @Schema(requiredMode = RequiredMode.REQUIRED) Meta meta,
            @ArraySchema(schema = @Schema(implementation = StreamObject.class)) List<StreamObject> objects) {
    }

    /** The live calls. */
    @Schema(description = "The calls that can be streamed now: every live stream of the gateway")
    public record LiveCalls(
            @Schema(description = API_ID, requiredMode = RequiredMode.REQUIRED) String api_id,
            @ArraySchema(schema = @Schema(description = "A call_uuid")) List<String> calls) {
    }
}
