package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's task and the processors running it. Stage n's input is stage n-1's output (the first stage's is the
 * publisher's track); the last stage's output is what the subscribers hear. A new task starts its runs before the
 * old ones close, so the output has no gap; a stage whose processor and position did not change is reconfigured in
 * place when it can be. All methods run under the pipeline's lock, one control message at a time.
 */
final class SessionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPipeline.class);

    enum Status { RUNNING, PAUSED }

    private final String sessionId;
    private final String room;
    private final ProcessorCatalog catalog;
    private final SessionOutlet outlet;
    private TaskSpec task;
    private Status status;
    private List<Running> runs = List.of();
    /** The output tracks the control sockets were last told of ({@code current_task}). */
    private List<String> announced = List.of();
    /** The input sent over the control socket, while the task's input is {@code ws}. */
    private SocketInput socketInput;
    /** The output sent to the control sockets, while the task's output is {@code ws}. */
    private SocketOutput socketOutput;

    /** One stage running: its processor, its context and its run. */
    private final class Running implements ProcessingContext {
        final SessionProcessor processor;
        /** The processor's name when the run started (asked once: the service may be gone later). */
        final String name;
        final int index;
        volatile Map<String, Object> config;
        volatile ProcessorRun run;
        volatile boolean failed;
        /** Its processor was unregistered: the stage waits for a processor of the same name (its plugin's update). */
        volatile boolean gone;
        /** The first stage's input when it comes over the control socket; null: the publisher's WebRTC track. */
        volatile SocketInput socket;

        Running(SessionProcessor processor, int index, Map<String, Object> config, SocketInput socket) {
            this.processor = processor;
            this.name = ProcessorCatalog.nameOf(processor);
            this.index = index;
            this.config = config;
            this.socket = socket;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public String room() {
            return room;
        }

        @Override
        public int stage() {
            return index;
        }

        @Override
        public Map<String, Object> configuration() {
            return config;
        }

        @Override
        public Optional<Input> input() {
            if (index == 0) {
                SocketInput in = socket;
                if (in == null) return outlet.publisherTrack();
                String sid = in.trackSid();
                return sid == null ? Optional.empty() : outlet.track(sid);
            }
            List<Running> now = currentRuns();
            if (index - 1 >= now.size()) return Optional.empty();
            ProcessorRun previous = now.get(index - 1).run;
            List<String> out = previous == null ? List.of() : safeOutputs(previous);
            return out.isEmpty() ? Optional.empty() : outlet.track(out.get(0));
        }

        @Override
        public void event(String type, Object data) {
            Objects.requireNonNull(type, "type");
            outlet.broadcast(type, data);
        }

        @Override
        public void fail(String reason) {
            synchronized (this) {
                if (failed) return; // a failing run may say so from several of its threads
                failed = true;
            }
            LOG.warn("Session {}: processor {} failed: {}", sessionId, processor.name(), reason);
            outlet.broadcast("error", Map.of("code", TaskException.PROCESSOR_FAILED, "desc", processor.name() + ": " + reason));
            // the contract: a failed run is stopped; not on the caller's thread, which may be one the run's close waits for
            Thread.ofVirtual().name("session-processor-stop").start(() -> close(this));
        }
    }

    SessionPipeline(String sessionId, String room, ProcessorCatalog catalog, SessionOutlet outlet) {
        this.sessionId = sessionId;
        this.room = room;
        this.catalog = catalog;
        this.outlet = outlet;
    }

    private synchronized List<Running> currentRuns() {
        return runs;
    }

    /**
     * Runs a task, replacing the running one without a gap.
     *
     * @throws TaskException {@code VALIDATION_ERROR} for unknown processors or a configuration a processor refuses;
     *                       the running task is left as it was
     */
    synchronized void set(TaskSpec spec) throws TaskException {
        List<SessionProcessor> processors = new ArrayList<>();
        for (TaskSpec.Stage s : spec.stages()) {
            SessionProcessor p = catalog.find(s.name()).orElse(null);
            if (p == null) {
                throw new TaskException(TaskException.VALIDATION_ERROR, "unknown processor '" + s.name() + "'; installed: "
                        + String.join(", ", catalog.names()));
            }
            processors.add(p);
        }
        List<Running> old = runs;
        List<Running> next = new ArrayList<>();
        List<Running> kept = new ArrayList<>();
        // the socket input is kept while the task keeps declaring the same one; a new one starts before the stages
        SocketInput input = spec.input().socket() && socketInput != null && socketInput.format().equals(spec.input()) ? socketInput : null;
        boolean newInput = spec.input().socket() && input == null;
        try {
            if (newInput) input = outlet.openSocketInput(spec.input(), this::inputFailed);
        } catch (RuntimeException e) {
            throw new TaskException(TaskException.VALIDATION_ERROR, "the socket input cannot be published in the room: " + e.getMessage());
        }
        try {
            for (int i = 0; i < processors.size(); i++) {
                Map<String, Object> config = spec.stages().get(i).config();
                Running previous = status == Status.RUNNING && i < old.size() && old.get(i).processor == processors.get(i) && !old.get(i).failed
                        ? old.get(i) : null;
                if (previous != null && reconfigure(previous, config)) {
                    if (i == 0) previous.socket = input;
                    next.add(previous);
                    kept.add(previous);
                    continue;
                }
                Running r = new Running(processors.get(i), i, config, i == 0 ? input : null);
                r.run = Objects.requireNonNull(r.processor.start(r), "a processor's start returned null");
                next.add(r);
            }
        } catch (ProcessorException | RuntimeException e) {
            for (Running r : next) if (!kept.contains(r)) close(r);
            if (kept.contains(old.isEmpty() ? null : old.get(0))) old.get(0).socket = socketInput;
            if (newInput) input.close();
            throw new TaskException(TaskException.VALIDATION_ERROR, describe(e));
        }
        runs = List.copyOf(next);
        for (Running r : old) if (!kept.contains(r)) close(r);
        if (socketInput != null && socketInput != input) socketInput.close();
        socketInput = input;
        task = spec;
        status = Status.RUNNING;
        if (spec.output().socket()) {
            if (socketOutput == null || !socketOutput.format().equals(spec.output())) {
                closeOutput();
                socketOutput = outlet.openSocketOutput(spec.output(), this::outputStream);
            }
        } else {
            closeOutput();
        }
    }

    /** @return the registry id of the stream carrying the last stage's output now, or null */
    private String outputStream() {
        List<Running> now = currentRuns();
        if (now.isEmpty()) return null;
        ProcessorRun last = now.get(now.size() - 1).run;
        List<String> out = last == null ? List.of() : safeOutputs(last);
        return out.isEmpty() ? null : outlet.track(out.get(0)).map(ProcessingContext.Input::stream).orElse(null);
    }

    private void inputFailed(String reason) {
        LOG.warn("Session {}: the socket input failed: {}", sessionId, reason);
        outlet.broadcast("error", Map.of("code", TaskException.PROCESSOR_FAILED, "desc", "the socket input: " + reason));
    }

    /**
     * Queues audio an {@code input_audio_data} message carries.
     *
     * @throws TaskException {@code NOT_FOUND} without a running task whose input is {@code ws}; what
     *                       {@link SocketInput#add} throws
     */
    void inputAudio(byte[] pcm) throws TaskException {
        SocketInput in;
        synchronized (this) {
            in = status == Status.RUNNING ? socketInput : null;
        }
        if (in == null) {
            throw new TaskException(TaskException.NOT_FOUND, "no running task takes audio over this socket: send set_task with "
                    + "input_stream.source {\"type\": \"ws\", \"sample_rate\": 16000, \"channels\": 1} first");
        }
        in.add(pcm);
    }

    private void closeOutput() {
        if (socketOutput != null) socketOutput.close();
        socketOutput = null;
    }

    private void closeSocketInput() {
        if (socketInput != null) socketInput.close();
        socketInput = null;
    }

    private boolean reconfigure(Running previous, Map<String, Object> config) throws ProcessorException {
        if (previous.config.equals(config)) return true;
        if (previous.run.reconfigure(config)) {
            previous.config = config;
            return true;
        }
        return false;
    }

    /** @throws TaskException {@code NOT_FOUND} without a task */
    synchronized void pause() throws TaskException {
        if (task == null) throw new TaskException(TaskException.NOT_FOUND, "no task: send set_task first");
        for (Running r : runs) close(r);
        runs = List.of();
        closeOutput();
        closeSocketInput();
        status = Status.PAUSED;
    }

    /** @throws TaskException {@code NOT_FOUND} without a task */
    synchronized void end() throws TaskException {
        if (task == null) throw new TaskException(TaskException.NOT_FOUND, "no task: send set_task first");
        close();
    }

    /** Ends the task, if any: every run is closed. */
    synchronized void close() {
        for (Running r : runs) close(r);
        runs = List.of();
        closeOutput();
        closeSocketInput();
        task = null;
        status = null;
    }

    /**
     * The sessions plugin stops (an update, a restart, a configuration change) while the session goes on: every run is
     * released ({@link ProcessorRun#release()}: what should outlive it, such as a session output, waits for the next
     * revision's run of its stage), what this plugin publishes itself ends. The task stays (see {@link #snapshot}).
     */
    synchronized void release() {
        for (Running r : runs) release(r);
        runs = List.of();
        closeOutput();
        closeSocketInput();
    }

    /** @return the task and its status (for saving), or null without a task */
    synchronized Map.Entry<TaskSpec, Status> snapshot() {
        return task == null ? null : Map.entry(task, status);
    }

    /** Takes back a saved paused task: nothing runs until {@code set_task}. */
    synchronized void restorePaused(TaskSpec spec) {
        task = spec;
        status = Status.PAUSED;
    }

    synchronized boolean hasTask() {
        return task != null;
    }

    /**
     * @return {@code current_task}'s data: the task, its status, each stage with its processor's description and
     *         schema and its outputs, the tracks the subscribers listen to and the installed processors
     * @throws TaskException {@code NOT_FOUND} without a task
     */
    synchronized Map<String, Object> view() throws TaskException {
        if (task == null) {
            throw new TaskException(TaskException.NOT_FOUND, "no task: send set_task first (installed processors: "
                    + String.join(", ", catalog.names()) + ")");
        }
        Map<String, Object> m = new LinkedHashMap<>(task.view());
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> stages = new ArrayList<>();
        List<String> outputs = List.of();
        for (int i = 0; i < task.stages().size(); i++) {
            TaskSpec.Stage s = task.stages().get(i);
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", s.name());
            stage.put("config", s.config());
            Running r = i < runs.size() ? runs.get(i) : null;
            SessionProcessor p = r != null ? r.processor : catalog.find(s.name()).orElse(null);
            if (p != null) {
                stage.put("description", p.description());
                stage.put("config_schema", p.configurationSchema());
            }
            outputs = r == null || r.run == null ? List.of() : safeOutputs(r.run);
            stage.put("output_tracks", outputs);
            stages.add(stage);
        }
        m.put("pipeline", Map.of("processors", stages));
        m.put("output_tracks", status == Status.RUNNING ? outputs : List.of());
        announced = status == Status.RUNNING ? outputs : List.of();
        m.put("installed_processors", catalog.names());
        return m;
    }

    /**
     * @return {@code current_task}'s data when the tracks the subscribers listen to changed since the control sockets
     *         last saw them (the publisher's track appeared or was republished, a stage published its output), else
     *         null; so that a client that set its task before the publisher published learns the track without asking
     */
    synchronized Map<String, Object> viewIfOutputsChanged() {
        if (task == null || status != Status.RUNNING || runs.isEmpty()) return null;
        ProcessorRun last = runs.get(runs.size() - 1).run;
        List<String> now = last == null ? List.of() : safeOutputs(last);
        if (now.equals(announced)) return null;
        try {
            return view();
        } catch (TaskException noTask) {
            return null;
        }
    }

    /**
     * A processor's service went away (its bundle stops, is updated or uninstalled): its runs end, and the stages wait
     * for a processor of the same name, see {@link #processorAdded} and {@link #processorStillGone}.
     *
     * @return whether a stage of this session used it
     */
    synchronized boolean processorGone(SessionProcessor processor) {
        boolean any = false;
        for (Running r : runs) {
            if (r.processor == processor) {
                release(r); // the stage goes on: it waits for its processor's next revision
                r.failed = true;
                r.gone = true;
                any = true;
            }
        }
        if (any) LOG.info("Session {}: processor {} went away; its stages wait for it to come back", sessionId, ProcessorCatalog.nameOf(processor));
        return any;
    }

    /**
     * A processor was installed: the stages that lost a processor of its name (an update of its plugin) run again
     * with it, with their configuration, and the session says so ({@code processor_restarted}).
     */
    synchronized void processorAdded(SessionProcessor processor) {
        if (status != Status.RUNNING) return;
        String name = ProcessorCatalog.nameOf(processor);
        List<Running> next = new ArrayList<>(runs);
        for (int i = 0; i < next.size(); i++) {
            Running lost = next.get(i);
            if (!lost.gone || !lost.name.equals(name)) continue;
            Running r = new Running(processor, i, lost.config, lost.socket);
            try {
                r.run = Objects.requireNonNull(processor.start(r), "a processor's start returned null");
            } catch (ProcessorException | RuntimeException e) {
                lost.gone = false;
                outlet.broadcast("error", Map.of("code", TaskException.PROCESSOR_FAILED, "desc", name + " cannot run again after its update: " + describe(e)));
                continue;
            }
            next.set(i, r);
            LOG.info("Session {}: stage {} runs again with the processor {} that came back", sessionId, i, name);
            outlet.broadcast("processor_restarted", Map.of("name", name, "stage", i, "output_tracks", safeOutputs(r.run)));
        }
        runs = List.copyOf(next);
    }

    /** The grace after {@link #processorGone} ran out: stages still without their processor are reported as failed. */
    synchronized void processorStillGone(SessionProcessor processor) {
        boolean any = false;
        for (Running r : runs) {
            if (r.processor == processor && r.gone) {
                r.gone = false;
                any = true;
            }
        }
        if (any) {
            outlet.broadcast("error", Map.of("code", TaskException.PROCESSOR_FAILED, "desc", "processor " + ProcessorCatalog.nameOf(processor) + " was uninstalled"));
        }
    }

    private static List<String> safeOutputs(ProcessorRun run) {
        try {
            List<String> out = run.outputTracks();
            return out == null ? List.of() : List.copyOf(out);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void close(Running r) {
        try {
            if (r.run != null) r.run.close();
        } catch (RuntimeException e) {
            LOG.warn("Session {}: processor {} failed to close: {}", sessionId, r.processor.name(), e.toString());
        }
    }

    private void release(Running r) {
        try {
            if (r.run != null) r.run.release();
        } catch (RuntimeException e) {
            LOG.warn("Session {}: processor {} failed to release its run: {}", sessionId, r.name, e.toString());
        }
    }

    private static String describe(Exception e) {
        return e instanceof ProcessorException ? e.getMessage() : "the processor failed to start: " + e;
    }
}
