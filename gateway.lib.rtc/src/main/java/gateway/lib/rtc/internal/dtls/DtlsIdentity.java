package gateway.lib.rtc.internal.dtls;

import gateway.lib.rtc.internal.sdp.RemoteFingerprint;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * This transport's DTLS identity: an ECDSA P-256 key pair and a self-signed certificate made at start (WebRTC
 * authenticates the certificate by the fingerprint in SDP, so nobody needs to issue it), with its SHA-256
 * fingerprint, and the TLS crypto provider the handshakes use (the JDK's algorithms through BouncyCastle's JCA
 * adapter). Immutable and shared by every peer of the transport.
 */
public final class DtlsIdentity {
    private final JcaTlsCrypto crypto;
    private final PrivateKey privateKey;
    private final Certificate certificate;
    private final byte[] der;
    private final String fingerprint;

    private DtlsIdentity(JcaTlsCrypto crypto, PrivateKey privateKey, Certificate certificate, byte[] der) {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.der = der;
        try {
            this.fingerprint = RemoteFingerprint.format("sha-256", MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Generates a key pair and a certificate valid from a day ago (clock skew) for 30 days: longer than any
     * session, renewed with every start of the transport.
     */
    public static DtlsIdentity generate() {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = kpg.generateKeyPair();
            AlgorithmIdentifier ecdsaSha256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            X500Name name = new X500Name("CN=gateway");
            Instant now = Instant.now();
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, random).add(BigInteger.ONE)));
            tbs.setSignature(ecdsaSha256);
            tbs.setIssuer(name);
            tbs.setSubject(name);
            tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
            tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(30)))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            TBSCertificate body = tbs.generateTBSCertificate();
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate(), random);
            signer.update(body.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector cert = new ASN1EncodableVector();
            cert.add(body);
            cert.add(ecdsaSha256);
            cert.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(cert).getEncoded(ASN1Encoding.DER);
            JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(random);
            TlsCertificate tlsCertificate = crypto.createCertificate(der);
            return new DtlsIdentity(crypto, keys.getPrivate(), new Certificate(new TlsCertificate[] {tlsCertificate}), der);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the DTLS certificate: " + e, e);
        }
    }

    /** @return the fingerprint as SDP's {@code a=fingerprint} gives it: {@code sha-256 AB:CD:...} */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return the certificate's DER encoding */
    public byte[] der() {
        return der.clone();
    }

    JcaTlsCrypto crypto() {
        return crypto;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    Certificate certificate() {
        return certificate;
    }
}
