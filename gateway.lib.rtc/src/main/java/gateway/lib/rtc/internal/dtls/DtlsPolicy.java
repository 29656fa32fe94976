package gateway.lib.rtc.internal.dtls;

import gateway.lib.rtc.SrtpProfile;
import gateway.lib.rtc.internal.sdp.RemoteFingerprint;
import java.io.IOException;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;

/**
 * What both DTLS roles share: DTLS 1.2 only, ECDHE-ECDSA cipher suites (this side's certificate is ECDSA),
 * the SRTP profiles in order of preference, the remote certificate checked against the SDP fingerprints, and the
 * export of the SRTP keys.
 *
 * @param identity            this side's key and certificate
 * @param remoteFingerprints  the remote certificate must match one of these
 * @param profiles            the SRTP profiles, most preferred first
 * @param handshakeTimeoutMillis how long a handshake may take in all; 0: no limit of its own (its owner ends it)
 */
public record DtlsPolicy(DtlsIdentity identity, List<RemoteFingerprint> remoteFingerprints, List<SrtpProfile> profiles,
                         int handshakeTimeoutMillis) {

    public DtlsPolicy {
        remoteFingerprints = List.copyOf(remoteFingerprints);
        profiles = List.copyOf(profiles);
    }

    static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

    /** AEAD suites first; CBC for old stacks. All ECDSA, like the certificate. */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };

    TlsCredentialedSigner signer(TlsContext context) {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), identity.crypto(), identity.privateKey(),
                identity.certificate(), SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** @throws TlsFatalAlert (bad_certificate) unless the remote certificate has an announced fingerprint */
    void checkRemote(org.bouncycastle.tls.Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) throw new TlsFatalAlert(AlertDescription.bad_certificate, "no certificate");
        byte[] der = chain.getCertificateAt(0).getEncoded();
        for (RemoteFingerprint f : remoteFingerprints) if (f.matches(der)) return;
        throw new TlsFatalAlert(AlertDescription.bad_certificate, "the certificate does not match the SDP fingerprint");
    }

    /** @return the first of this side's profiles the remote side offered, or {@code null} */
    SrtpProfile choose(int[] offered) {
        for (SrtpProfile p : profiles) for (int id : offered) if (id == p.id()) return p;
        return null;
    }

    int[] profileIds() {
        return profiles.stream().mapToInt(SrtpProfile::id).toArray();
    }

    static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        v.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.rsa));
        return v;
    }
}
