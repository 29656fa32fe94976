package gateway.webrtc.internal;

import org.osgi.service.component.annotations.Component;

/**
 * Who may play, as a service: its properties carry the {@code gateway.whep} configuration, so {@code publicPlayback}
 * selects {@link ManagedWhepResource} or {@link PublicWhepResource} by a reference target. A component of its own,
 * apart from {@link WhepSessions}, so that the resources are re-registered only when that choice changes — not each
 * time the sessions' component is re-created with the transport (e.g. when the HTTP address moves), which would make
 * the JAX-RS whiteboard rebuild the application under every other plugin's requests.
 */
@Component(service = WhepAccess.class, configurationPid = WhepSessions.PID)
public final class WhepAccess {
}
