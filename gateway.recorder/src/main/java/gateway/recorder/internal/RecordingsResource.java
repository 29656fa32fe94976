package gateway.recorder.internal;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import gateway.api.recording.StorageReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /recordings}: list, inspect, download (with byte ranges, so players can seek), delete, and start
 * or stop recordings of live streams. A management endpoint.
 */
@Component(service = RecordingsResource.class)
@JaxrsResource
@JSONRequired
@Management
@Path("recordings")
@Produces(MediaType.APPLICATION_JSON)
public final class RecordingsResource {
    private static final int MAX_LIMIT = 1000;

    /**
     * Body of {@code POST /recordings}.
     *
     * @param stream id of the live stream to record
     */
    @Schema(description = "A request to record a live stream")
    public record StartRequest(
            @Schema(description = "The id of the live stream to record, as on `/streams`", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "0b9f3c1e-5d1a-4c55-9a47-2f0c4d3e8a61") String stream) {}

    /**
     * One page of the list.
     *
     * @param recordings the entries, newest first
     * @param total      how many match the filter in all
     * @param offset     index of the first entry of this page
     * @param limit      the page size asked for
     */
    @Schema(description = "One page of recordings")
    public record Page(
            @Schema(description = "The entries of this page, newest first", requiredMode = Schema.RequiredMode.REQUIRED) List<Recording> recordings,
            @Schema(description = "How many recordings match the filter in all", requiredMode = Schema.RequiredMode.REQUIRED) int total,
            @Schema(description = "Index of the first entry of this page", requiredMode = Schema.RequiredMode.REQUIRED) int offset,
            @Schema(description = "The page size asked for", requiredMode = Schema.RequiredMode.REQUIRED) int limit) {}

    private final RecordingOperations recordings;

    /** @param recorder the recorder */
    @Activate
    public RecordingsResource(@Reference Recorder recorder) {
        this.recordings = recorder.operations();
    }

    /**
     * The status code and problem document of each recorder error; the compiler checks that every kind has one.
     *
     * @param e the error
     * @return the problem for the client
     */
    static ProblemException problem(RecorderException e) {
        return switch (e) {
            case RecorderException.RecordingNotFound x -> ProblemException.notFound(x.getMessage());
            case RecorderException.AudioNotFound x -> ProblemException.notFound(x.getMessage());
            case RecorderException.StreamNotFound x -> ProblemException.notFound(x.getMessage());
            case RecorderException.NotInProgress x -> ProblemException.conflict(x.getMessage());
            case RecorderException.StillRecording x -> ProblemException.conflict(x.getMessage());
            case RecorderException.StreamNotRecordable x -> ProblemException.conflict(x.getMessage());
            case RecorderException.AlreadyRecorded x -> ProblemException.conflict(x.getMessage());
            case RecorderException.StorageUnavailable x -> new ProblemException(503, "Storage unavailable", x.getMessage());
        };
    }

    /**
     * Lists recordings, newest first.
     *
     * @param event  only this event's recordings
     * @param stream only this stream's recordings
     * @param state  only in this state
     * @param from   only recordings with audio at or after this instant (ISO-8601)
     * @param to     only recordings with audio before this instant (ISO-8601)
     * @param offset entries to skip
     * @param limit  page size (1–1000)
     * @return one page
     */
    @Operation(summary = "List recordings",
            description = "The recordings in the index, newest first, one page at a time, filtered by event, stream, state and time "
                    + "(`from`/`to`: recordings with audio in that interval).",
            responses = {
                @ApiResponse(responseCode = "200", description = "One page of recordings"),
                @ApiResponse(responseCode = "400", description = "A filter or paging value is invalid (unknown state, not an ISO-8601 "
                        + "instant, `from` not before `to`, `limit` outside 1–1000)")})
    @GET
    public Page list(@Parameter(description = "Only this event's recordings (the `event` of the reservation)") @QueryParam("event") String event,
                     @Parameter(description = "Only this live stream's recordings") @QueryParam("stream") String stream,
                     @Parameter(description = "Only recordings in this state", schema = @Schema(allowableValues = {"recording", "complete", "interrupted", "failed"}))
                     @QueryParam("state") String state,
                     @Parameter(description = "Only recordings with audio at or after this instant (ISO-8601)", schema = @Schema(format = "date-time"),
                             example = "2026-11-23T00:00:00Z") @QueryParam("from") String from,
                     @Parameter(description = "Only recordings with audio before this instant (ISO-8601)", schema = @Schema(format = "date-time"))
                     @QueryParam("to") String to,
                     @Parameter(description = "Entries to skip", schema = @Schema(type = "integer", minimum = "0"))
                     @QueryParam("offset") @DefaultValue("0") String offset,
                     @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
                     @QueryParam("limit") @DefaultValue("100") String limit) {
        int off = integer("offset", offset, 0, Integer.MAX_VALUE);
        int lim = integer("limit", limit, 1, MAX_LIMIT);
        RecordingState wanted = state == null ? null : RecordingState.ofWire(state).orElseThrow(() -> ProblemException.badRequest(
                "'state' must be one of " + Arrays.toString(RecordingState.values()) + ", got '" + state + "'"));
        Instant fromT = instant("from", from);
        Instant toT = instant("to", to);
        if (fromT != null && toT != null && !fromT.isBefore(toT)) throw ProblemException.badRequest("'from' must be before 'to'");
        Predicate<Recording> f = r -> (event == null || event.equals(r.event())) && (stream == null || stream.equals(r.stream()))
                && (wanted == null || wanted == r.state()) && overlaps(r, fromT, toT);
        List<Recording> all = recordings.list(f);
        List<Recording> page = off >= all.size() ? List.of() : all.subList(off, Math.min(all.size(), off + lim));
        return new Page(page, all.size(), off, lim);
    }

    /**
     * Starts recording a live stream.
     *
     * @param request {@code {"stream": "<id>"}}
     * @return 201 with the recording and its Location
     */
    @Operation(summary = "Record a live stream",
            description = "Starts recording a live stream now, whatever its metadata says. The recording goes on until the stream "
                    + "ends or it is stopped (`POST /recordings/{id}/stop`).",
            responses = {
                @ApiResponse(responseCode = "201", description = "Recording: the new index entry",
                        headers = @Header(name = "Location", description = "The recording's URL, `recordings/{id}`"),
                        content = @Content(schema = @Schema(implementation = Recording.class))),
                @ApiResponse(responseCode = "400", description = "The body has no `stream`"),
                @ApiResponse(responseCode = "404", description = "No live stream with this id"),
                @ApiResponse(responseCode = "409", description = "The stream has ended or is already being recorded")})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@RequestBody(required = true, content = @Content(examples = @ExampleObject(
            name = "stream", summary = "Record a live stream",
            value = "{\"stream\": \"0b9f3c1e-5d1a-4c55-9a47-2f0c4d3e8a61\"}"))) StartRequest request) {
        if (request == null || request.stream() == null || request.stream().isBlank())
            throw ProblemException.badRequest("the body must be a JSON object with the 'stream' to record, e.g. {\"stream\": \"<id>\"}");
        Recording r;
        try {
            r = recordings.start(request.stream());
        } catch (RecorderException e) {
            throw problem(e);
        }
        return Response.created(URI.create("recordings/" + r.id())).entity(r).build();
    }

    /**
     * @param id the recording
     * @return its index entry (live figures while recording)
     */
    @Operation(summary = "Get a recording",
            description = "The recording's index entry; while it is recording, with live figures (duration, size, packets).",
            responses = {
                @ApiResponse(responseCode = "200", description = "The index entry"),
                @ApiResponse(responseCode = "404", description = "No recording with this id")})
    @GET
    @Path("{id}")
    public Recording get(@Parameter(description = "The recording's id, from the list or the `Location` of `POST /recordings`") @PathParam("id") String id) {
        try {
            return recordings.find(id);
        } catch (RecorderException e) {
            throw problem(e);
        }
    }

    /**
     * Stops a recording in progress.
     *
     * @param id the recording (any file of the running series)
     * @return the final entry
     */
    @Operation(summary = "Stop a recording",
            description = "Finishes a recording in progress (any file of a running series) and answers with its final entry. The "
                    + "live stream goes on.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The final index entry"),
                @ApiResponse(responseCode = "404", description = "No recording with this id"),
                @ApiResponse(responseCode = "409", description = "The recording is not in progress")})
    @POST
    @Path("{id}/stop")
    public Recording stop(@Parameter(description = "The recording's id, from the list or the `Location` of `POST /recordings`") @PathParam("id") String id) {
        try {
            return recordings.stop(id);
        } catch (RecorderException e) {
            throw problem(e);
        }
    }

    /**
     * Deletes a finished recording and its file.
     *
     * @param id the recording
     * @return 204
     * @throws IOException if the file cannot be deleted
     */
    @Operation(summary = "Delete a recording",
            description = "Deletes a finished recording: its file and its index entry.",
            responses = {
                @ApiResponse(responseCode = "204", description = "Deleted"),
                @ApiResponse(responseCode = "404", description = "No recording with this id"),
                @ApiResponse(responseCode = "409", description = "The recording is in progress; stop it first")})
    @DELETE
    @Path("{id}")
    public Response delete(@Parameter(description = "The recording's id, from the list or the `Location` of `POST /recordings`") @PathParam("id") String id) throws IOException {
        try {
            recordings.delete(id, RecorderTotals.DeletionCause.REQUEST, "deleted by request");
        } catch (RecorderException e) {
            throw problem(e);
        }
        return Response.noContent().build();
    }

    /**
     * The audio as {@code audio/ogg}, with byte ranges.
     *
     * @param id    the recording
     * @param range the Range header
     * @return 200 with the file, 206 with the range, 416 if the range is beyond the end
     */
    @Operation(summary = "Download a recording's audio",
            description = "The Ogg/Opus file, with byte ranges so that players can seek (`bytes=a-b`, `a-`, `-n`). While the "
                    + "recording is in progress, the part written so far.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The whole file",
                        headers = {@Header(name = "Accept-Ranges", description = "`bytes`"),
                                   @Header(name = "ETag", description = "The file's SHA-256 checksum, once finished")},
                        content = @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary"))),
                @ApiResponse(responseCode = "206", description = "The requested range",
                        headers = @Header(name = "Content-Range", description = "`bytes first-last/size`"),
                        content = @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary"))),
                @ApiResponse(responseCode = "404", description = "No recording with this id, or it has no audio (file missing)"),
                @ApiResponse(responseCode = "416", description = "The range lies beyond the end of the file",
                        headers = @Header(name = "Content-Range", description = "`bytes */size`")),
                @ApiResponse(responseCode = "503", description = "The storage cannot be read")})
    @GET
    @Path("{id}/audio")
    @Produces({"audio/ogg", MediaType.APPLICATION_JSON})
    public Response audio(@Parameter(description = "The recording's id, from the list or the `Location` of `POST /recordings`") @PathParam("id") String id, @Parameter(description = "A byte range, `bytes=a-b`, `bytes=a-` or `bytes=-n`", example = "bytes=0-65535") @HeaderParam("Range") String range) {
        return audioResponse(id, range, true);
    }

    /**
     * Headers of {@link #audio} without the body.
     *
     * @param id    the recording
     * @param range the Range header
     * @return the same status and headers as GET
     */
    @Operation(summary = "A recording's audio, headers only",
            description = "The same status and headers as `GET /recordings/{id}/audio`, without the body.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The whole file"),
                @ApiResponse(responseCode = "206", description = "The requested range"),
                @ApiResponse(responseCode = "404", description = "No recording with this id, or it has no audio (file missing)"),
                @ApiResponse(responseCode = "416", description = "The range lies beyond the end of the file"),
                @ApiResponse(responseCode = "503", description = "The storage cannot be read")})
    @HEAD
    @Path("{id}/audio")
    @Produces({"audio/ogg", MediaType.APPLICATION_JSON})
    public Response audioHead(@Parameter(description = "The recording's id, from the list or the `Location` of `POST /recordings`") @PathParam("id") String id, @Parameter(description = "A byte range, `bytes=a-b`, `bytes=a-` or `bytes=-n`", example = "bytes=0-65535") @HeaderParam("Range") String range) {
        return audioResponse(id, range, false);
    }

    private Response audioResponse(String id, String rangeHeader, boolean withBody) {
        RecordingOperations.Audio audio;
        try {
            audio = recordings.openAudio(id);
        } catch (RecorderException e) {
            throw problem(e);
        }
        Recording r = audio.recording();
        StorageReader reader = audio.reader();
        long size = reader.size();
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            close(reader);
            return Response.status(416).header("Content-Range", "bytes */" + size).header("Accept-Ranges", "bytes")
                    .type("application/problem+json")
                    .entity(java.util.Map.of("type", "about:blank", "title", "Range Not Satisfiable", "status", 416, "detail", e.getMessage()))
                    .build();
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        Response.ResponseBuilder b = Response.status(range == null ? 200 : 206).type("audio/ogg")
                .header("Accept-Ranges", "bytes").header("Content-Length", length)
                .header("Content-Disposition", "inline; filename=\"" + r.id() + ".ogg\"")
                .header("ETag", r.checksum() == null ? null : "\"" + r.checksum().substring(r.checksum().indexOf(':') + 1) + "\"")
                .header("Cache-Control", r.active() ? "no-store" : "private, max-age=3600");
        if (range != null) b.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        if (!withBody) {
            close(reader);
            return b.build();
        }
        StreamingOutput body = out -> copy(reader, first, length, out);
        return b.entity(body).build();
    }

    private static void copy(StorageReader reader, long first, long length, OutputStream out) throws IOException {
        try (reader) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = first;
            long end = first + length;
            while (pos < end) {
                buf.clear();
                if (end - pos < buf.capacity()) buf.limit((int) (end - pos));
                int n = reader.read(pos, buf);
                if (n <= 0) break;
                out.write(buf.array(), 0, n);
                pos += n;
            }
        }
    }

    private static void close(StorageReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    private static boolean overlaps(Recording r, Instant from, Instant to) {
        if (from == null && to == null) return true;
        if (r.start() == null) return false;
        Instant start = Instant.parse(r.start());
        Instant end = r.end() == null ? Instant.now() : Instant.parse(r.end());
        return (from == null || !end.isBefore(from)) && (to == null || start.isBefore(to));
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) throw ProblemException.badRequest("'" + name + "' must be between " + min + " and " + max + ", got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("'" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-11-23T10:00:00Z, got '" + value + "'");
        }
    }
}
