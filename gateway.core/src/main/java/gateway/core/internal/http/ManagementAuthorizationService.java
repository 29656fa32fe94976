package gateway.core.internal.http;

import gateway.api.http.ManagementAuthorization;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The management check of the HTTP settings in effect, as the API's {@link ManagementAuthorization} service. */
@Component(service = ManagementAuthorization.class)
public final class ManagementAuthorizationService implements ManagementAuthorization {
    private final HttpSettings settings;

    @Activate
    public ManagementAuthorizationService(@Reference HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean permits(String authorization) {
        return settings.access().permits(authorization);
    }
}
