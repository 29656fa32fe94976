package gateway.core.internal.http;

import java.nio.file.Path;

/** Which TLS identity {@code etc/gateway.http.cfg} names: none, a PKCS#12 key store, or PEM files. */
final class TlsSettings {
    private TlsSettings() {
    }

    /**
     * @param config the HTTP settings
     * @param home   the gateway's home, against which relative paths are resolved
     * @return the identity, or {@code null} when no TLS is configured
     * @throws TlsSetupException if the settings are incomplete, contradictory or name unusable files
     */
    static TlsIdentity load(HttpSettings.Config config, Path home) throws TlsSetupException {
        String keystore = config.keystore().trim();
        String certificate = config.certificate().trim();
        String privateKey = config.privateKey().trim();
        if (!keystore.isEmpty()) {
            if (!certificate.isEmpty() || !privateKey.isEmpty()) {
                throw new TlsSetupException("set either keystore or certificate and privateKey, not both");
            }
            return TlsIdentity.fromPkcs12(home.resolve(keystore), config.keystorePassword().toCharArray());
        }
        if (certificate.isEmpty() && privateKey.isEmpty()) return null;
        if (certificate.isEmpty() || privateKey.isEmpty()) {
            throw new TlsSetupException("PEM needs both certificate and privateKey");
        }
        return TlsIdentity.fromPem(home.resolve(certificate), home.resolve(privateKey), config.privateKeyPassword().toCharArray());
    }
}
